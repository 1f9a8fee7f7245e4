// The prebuilds are built with zig, which links libc++ and libc++abi in
// statically. libc++abi's default terminate handler demangles the name of an
// uncaught exception's type, which pulls in its whole demangler: over half
// of the addon's size, and the addon throws no C++ exception. This stand-in
// keeps the demangler out ("invalid arguments", as __cxa_demangle may say);
// hidden, so it never takes the place of the host's own. Builds with
// libstdc++ (g++) compile nothing here.
#include <cstddef>

#ifdef _LIBCPP_VERSION
extern "C" __attribute__((visibility("hidden"))) char* __cxa_demangle(const char*, char*, std::size_t*, int* status) {
  if (status != nullptr) *status = -3;
  return nullptr;
}
#endif
