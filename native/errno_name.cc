#include "errno_name.h"

#include <errno.h>

namespace handoff {

std::string ErrnoName(int error) {
  switch (error) {
#define NAME(e) \
  case e:       \
    return #e;
    // Everything execve(2), dup2(2), fcntl(2) and pthread_sigmask(3) document.
    NAME(E2BIG)
    NAME(EACCES)
    NAME(EAGAIN)
    NAME(EBADF)
    NAME(EBUSY)
    NAME(EFAULT)
    NAME(EINTR)
    NAME(EINVAL)
    NAME(EIO)
    NAME(EISDIR)
    NAME(ELIBBAD)
    NAME(ELOOP)
    NAME(EMFILE)
    NAME(ENAMETOOLONG)
    NAME(ENFILE)
    NAME(ENOENT)
    NAME(ENOEXEC)
    NAME(ENOMEM)
    NAME(ENOTDIR)
    NAME(EPERM)
    NAME(ETXTBSY)
#undef NAME
    default:
      return "E" + std::to_string(error);
  }
}

}  // namespace handoff
