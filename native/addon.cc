// The N-API face of the addon: argument checks and JavaScript errors. The work
// itself is in exec_with_fds.cc and fd_description.cc.
//
//   exec(path, argv, env, fds[, options])  replaces the process; throws only on failure
//   describeFd(fd)              what a descriptor is (type, flags, socket address)
//   listeningSockets()          every listening socket of this process
#include <napi.h>
#include <string.h>

#include <string>
#include <vector>

#include "errno_name.h"
#include "exec_with_fds.h"
#include "fd_description.h"

namespace {

using handoff::FdDescription;
using handoff::InheritedFd;

// Throws a TypeError and reports whether it did, so callers can `return`.
bool ThrowTypeError(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return true;
}

// A JavaScript string that may become part of a C string: an embedded NUL
// would silently cut it short (and could forge environment entries).
bool ReadCString(Napi::Env env, Napi::Value value, const std::string& what, std::string* out) {
  if (!value.IsString()) return !ThrowTypeError(env, what + " must be a string");
  *out = value.As<Napi::String>().Utf8Value();
  if (out->find('\0') != std::string::npos) {
    return !ThrowTypeError(env, what + " must not contain a NUL character");
  }
  return true;
}

bool ReadArgv(Napi::Env env, Napi::Value value, std::vector<std::string>* out) {
  if (!value.IsArray()) return !ThrowTypeError(env, "argv must be an array of strings");
  Napi::Array array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); i++) {
    std::string arg;
    if (!ReadCString(env, array.Get(i), "argv[" + std::to_string(i) + "]", &arg)) return false;
    out->push_back(arg);
  }
  return true;
}

bool ReadEnv(Napi::Env env, Napi::Value value, std::vector<std::string>* out) {
  if (!value.IsObject() || value.IsArray()) {
    return !ThrowTypeError(env, "env must be an object of strings, like process.env");
  }
  Napi::Object object = value.As<Napi::Object>();
  Napi::Array keys = object.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) {
    Napi::Value key_value = keys.Get(i);
    Napi::Value entry = object.Get(key_value);
    if (entry.IsUndefined() || entry.IsNull()) continue;
    std::string key, text;
    if (!ReadCString(env, key_value.ToString(), "env key", &key)) return false;
    if (key.empty() || key.find('=') != std::string::npos) {
      return !ThrowTypeError(env, "env key '" + key + "' must be non-empty and contain no '='");
    }
    if (!ReadCString(env, entry.ToString(), "env." + key, &text)) return false;
    out->push_back(key + "=" + text);
  }
  return true;
}

bool ReadFd(Napi::Env env, Napi::Value value, const std::string& what, int* out) {
  if (!value.IsNumber()) return !ThrowTypeError(env, what + " must be a descriptor number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (number < 0 || number > 1 << 30 || number != static_cast<int>(number)) {
    return !ThrowTypeError(env, what + " must be a non-negative integer");
  }
  *out = static_cast<int>(number);
  return true;
}

// fds: an array of descriptor numbers or of { fd, name } (name defaults to
// "unknown", as systemd names unnamed descriptors).
bool ReadInheritedFds(Napi::Env env, Napi::Value value, std::vector<InheritedFd>* out) {
  if (!value.IsArray()) {
    return !ThrowTypeError(env, "fds must be an array of numbers or { fd, name } objects");
  }
  Napi::Array array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); i++) {
    std::string what = "fds[" + std::to_string(i) + "]";
    Napi::Value item = array.Get(i);
    InheritedFd inherited{-1, "unknown"};
    if (item.IsObject()) {
      Napi::Object object = item.As<Napi::Object>();
      if (!ReadFd(env, object.Get("fd"), what + ".fd", &inherited.fd)) return false;
      Napi::Value name = object.Get("name");
      if (!name.IsUndefined() && !ReadCString(env, name, what + ".name", &inherited.name)) {
        return false;
      }
    } else if (!ReadFd(env, item, what, &inherited.fd)) {
      return false;
    }
    if (inherited.fd <= 2) {
      return !ThrowTypeError(env, what + " is stdio (" + std::to_string(inherited.fd) +
                                      "), which is always kept; pass listening sockets only");
    }
    if (inherited.name.empty() || inherited.name.size() > 255 ||
        inherited.name.find(':') != std::string::npos) {
      return !ThrowTypeError(env, what + ".name must be 1-255 characters without ':'");
    }
    out->push_back(inherited);
  }
  return true;
}

// options: { oncePerProcess?: boolean, announce?: string } (ExecOptions).
bool ReadExecOptions(Napi::Env env, Napi::Value value, handoff::ExecOptions* out) {
  if (value.IsUndefined()) return true;
  if (!value.IsObject() || value.IsArray()) {
    return !ThrowTypeError(env, "options must be an object: { oncePerProcess, announce }");
  }
  Napi::Object object = value.As<Napi::Object>();
  Napi::Value once = object.Get("oncePerProcess");
  if (!once.IsUndefined()) {
    if (!once.IsBoolean()) return !ThrowTypeError(env, "options.oncePerProcess must be a boolean");
    out->once_per_process = once.As<Napi::Boolean>().Value();
  }
  Napi::Value announce = object.Get("announce");
  if (!announce.IsUndefined() && !ReadCString(env, announce, "options.announce", &out->announce)) return false;
  return true;
}

// An Error shaped like Node's own system errors, e.g.
// "ENOENT: no such file or directory, execve '/srv/fn/handler'".
// earlierAttempt: true when this thread tried nothing, because another
// thread's once-per-process attempt had failed so.
Napi::Error SystemError(Napi::Env env, const handoff::ExecFailure& failure, const std::string& path) {
  std::string code = handoff::ErrnoName(failure.error);
  std::string message = code + ": " + strerror(failure.error) + ", " + failure.syscall + " '" + path + "'";
  Napi::Error result = Napi::Error::New(env, message);
  result.Set("code", Napi::String::New(env, code));
  result.Set("errno", Napi::Number::New(env, -failure.error));  // negative, as in libuv and Node
  result.Set("syscall", Napi::String::New(env, failure.syscall));
  result.Set("path", Napi::String::New(env, path));
  if (failure.earlier_attempt) result.Set("earlierAttempt", Napi::Boolean::New(env, true));
  return result;
}

Napi::Value Exec(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 && info.Length() != 5) {
    ThrowTypeError(env, "exec(path, argv, env, fds[, options]) takes 4 or 5 arguments");
    return env.Undefined();
  }
  std::string path;
  std::vector<std::string> argv, environment;
  std::vector<InheritedFd> inherited;
  handoff::ExecOptions options;
  if (!ReadCString(env, info[0], "path", &path) || !ReadArgv(env, info[1], &argv) ||
      !ReadEnv(env, info[2], &environment) || !ReadInheritedFds(env, info[3], &inherited) ||
      !ReadExecOptions(env, info[4], &options)) {
    return env.Undefined();
  }
  if (path.empty()) {
    ThrowTypeError(env, "path must not be empty");
    return env.Undefined();
  }
  handoff::ExecFailure failure = handoff::ExecWithFds(path, argv, environment, inherited, options);
  SystemError(env, failure, path).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Object ToObject(Napi::Env env, const FdDescription& description) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("fd", description.fd);
  out.Set("open", description.open);
  if (!description.open) return out;
  out.Set("type", description.type);
  out.Set("closeOnExec", description.close_on_exec);
  out.Set("nonBlocking", description.non_blocking);
  if (description.type != "socket") return out;
  out.Set("listening", description.listening);
  out.Set("family", description.family);
  out.Set("address", description.address);
  if (description.family == "IPv4" || description.family == "IPv6") out.Set("port", description.port);
  return out;
}

Napi::Value DescribeFd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = -1;
  if (info.Length() != 1 || !ReadFd(env, info[0], "fd", &fd)) {
    if (!env.IsExceptionPending()) ThrowTypeError(env, "describeFd(fd) takes one descriptor number");
    return env.Undefined();
  }
  return ToObject(env, handoff::DescribeFd(fd));
}

Napi::Value ListeningSockets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<FdDescription> sockets = handoff::ListeningSockets();
  Napi::Array result = Napi::Array::New(env, sockets.size());
  for (size_t i = 0; i < sockets.size(); i++) result.Set(static_cast<uint32_t>(i), ToObject(env, sockets[i]));
  return result;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("exec", Napi::Function::New(env, Exec, "exec"));
  exports.Set("describeFd", Napi::Function::New(env, DescribeFd, "describeFd"));
  exports.Set("listeningSockets", Napi::Function::New(env, ListeningSockets, "listeningSockets"));
  return exports;
}

}  // namespace

NODE_API_MODULE(handoff, Init)
