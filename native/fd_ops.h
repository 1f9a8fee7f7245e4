// Small descriptor helpers shared by the exec procedure and the inspection calls.
#ifndef GO_HANDOFF_FD_OPS_H_
#define GO_HANDOFF_FD_OPS_H_

#include <vector>

namespace handoff {

// dup2, retried on the transient EINTR and EBUSY (the latter happens while
// another thread is in the middle of opening a descriptor).
int Dup2Retrying(int from, int to);

// The descriptors open in this process, ascending, read from /proc/self/fd.
// `ok` is false when /proc is not mounted.
std::vector<int> OpenFds(bool* ok);

}  // namespace handoff

#endif  // GO_HANDOFF_FD_OPS_H_
