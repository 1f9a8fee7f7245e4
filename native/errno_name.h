// errno values as Node.js names them in `error.code` ("ENOENT", "EACCES", ...).
#ifndef GO_HANDOFF_ERRNO_NAME_H_
#define GO_HANDOFF_ERRNO_NAME_H_

#include <string>

namespace handoff {

// The symbolic name of `error`, or "E" followed by its number when unknown.
// (glibc's strerrorname_np would do, but it is newer than the oldest glibc
// the addon promises to load on.)
std::string ErrnoName(int error);

}  // namespace handoff

#endif  // GO_HANDOFF_ERRNO_NAME_H_
