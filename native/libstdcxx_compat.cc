// GCC 11 and later make std::vector call std::__throw_bad_array_new_length on
// impossible sizes, a function libstdc++ only exports from GLIBCXX_3.4.29 on.
// Defining it here keeps the addon loadable with the libstdc++ of older
// distributions (the rest of what it uses is in GLIBCXX_3.4.21, GCC 5).
//
// No libstdc++ header is included on purpose: they declare the function with
// default visibility, and this definition must stay hidden (for this addon
// alone, not for the rest of the process).
namespace std {

[[noreturn]] void __throw_bad_alloc();

[[noreturn]] __attribute__((visibility("hidden"))) void __throw_bad_array_new_length() {
  __throw_bad_alloc();
}

}  // namespace std
