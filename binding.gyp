# node-gyp build of the addon that hands the listening socket to the Go binary.
# scripts/build-addon.mjs runs it against headers already on the machine (no
# download); CMakeLists.txt builds the same sources with cmake-js.
{
  "targets": [
    {
      "target_name": "handoff",
      "sources": [
        "native/addon.cc",
        "native/errno_name.cc",
        "native/exec_gate.cc",
        "native/exec_with_fds.cc",
        "native/fd_description.cc",
        "native/fd_ops.cc",
        "native/libstdcxx_compat.cc",
        "native/libcxx_no_demangler.cc",
        "native/thread_state.cc",
        "native/undo_journal.cc"
      ],
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api"
      ],
      "defines": [
        # Node-API 4 is in every Node.js from 10.16 on: old lazy-loading workers
        # included. The addon needs nothing newer.
        "NAPI_VERSION=4"
      ],
      # Hosts run older distributions than build machines. These flags keep the
      # addon's needs at glibc 2.17 and libstdc++ 3.4.21 (GCC 5), whatever
      # compiler builds it; test/addon-portability checks the result.
      #  - 64-bit file offsets are the default on 64-bit Linux: without this
      #    macro glibc does not redirect fcntl to fcntl64 (glibc 2.28).
      #  - sized deallocation needs CXXABI 1.3.9.
      "cflags_cc": [
        "-std=c++17", "-Wall", "-Wextra",
        "-U_FILE_OFFSET_BITS",
        "-fno-sized-deallocation"
      ]
    }
  ]
}
