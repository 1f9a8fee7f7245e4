// The POSIX half of the addon: replace this process with another program while
// handing it chosen descriptors, with no Node.js or N-API in sight so that the
// procedure can be read (and reasoned about) on its own.
#ifndef GO_HANDOFF_EXEC_WITH_FDS_H_
#define GO_HANDOFF_EXEC_WITH_FDS_H_

#include <string>
#include <vector>

namespace handoff {

// A descriptor to hand over, and its LISTEN_FDNAMES entry ("http", "conn", ...).
struct InheritedFd {
  int fd;
  std::string name;
};

// What went wrong when ExecWithFds returns.
struct ExecFailure {
  int error;            // errno of the step that failed
  const char* syscall;  // the call that failed: "execve", "dup2", "fcntl", ...
  // Nothing was tried: an earlier once-per-process attempt, in another
  // thread, failed so (ExecOptions::once_per_process).
  bool earlier_attempt;
};

struct ExecOptions {
  // Try only if no once-per-process attempt has failed in this process
  // before, else return that attempt's failure. For hosts that load the
  // module in several threads (aws-lambda-ric's workers on Lambda Managed
  // Instances): a thread whose attempt failed goes on serving as Node.js,
  // and a later exec from another thread would end it mid-invocation.
  bool once_per_process = false;
  // A line written to stdout just before the exec, by the thread that
  // execs only (nothing of Node runs after execve to write it later).
  std::string announce;
};

// Replaces the process image with `path`, handing `inherited` over as fds 3, 4, ...
// in the systemd socket-activation convention (LISTEN_FDS, LISTEN_PID,
// LISTEN_FDNAMES are added to `env`). Stdio (0-2) is kept open and made
// blocking, every other descriptor is closed by the exec. The calling
// thread's state that would pass to the new program is reset first
// (thread_state.h). One thread at a time (exec_gate.h).
//
// Returns only on failure, after undoing every change it made to descriptors,
// their flags and the calling thread's state, so that the caller can go on
// as before.
ExecFailure ExecWithFds(const std::string& path,
                        const std::vector<std::string>& argv,
                        const std::vector<std::string>& env,
                        const std::vector<InheritedFd>& inherited,
                        const ExecOptions& options);

}  // namespace handoff

#endif  // GO_HANDOFF_EXEC_WITH_FDS_H_
