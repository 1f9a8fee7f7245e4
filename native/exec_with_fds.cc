#include "exec_with_fds.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>

#include "exec_gate.h"
#include "fd_ops.h"
#include "thread_state.h"
#include "undo_journal.h"

namespace handoff {

namespace {

// systemd's convention: the first passed descriptor is 3.
const int kFirstInheritedFd = 3;

bool StartsWith(const std::string& s, const char* prefix) {
  return s.compare(0, strlen(prefix), prefix) == 0;
}

bool IsListenVariable(const std::string& entry) {
  return StartsWith(entry, "LISTEN_FDS=") || StartsWith(entry, "LISTEN_PID=") ||
         StartsWith(entry, "LISTEN_FDNAMES=");
}

std::vector<std::string> EnvironmentFor(const std::vector<std::string>& env,
                                        const std::vector<InheritedFd>& inherited) {
  std::vector<std::string> result;
  for (const std::string& entry : env) {
    // Stale values from whoever started Node would describe the wrong fds.
    if (!IsListenVariable(entry)) result.push_back(entry);
  }
  if (inherited.empty()) return result;
  std::string names;
  for (size_t i = 0; i < inherited.size(); i++) {
    if (i > 0) names += ':';
    names += inherited[i].name;
  }
  result.push_back("LISTEN_FDS=" + std::to_string(inherited.size()));
  // execve keeps the PID, so this is the PID the program will see.
  result.push_back("LISTEN_PID=" + std::to_string(getpid()));
  result.push_back("LISTEN_FDNAMES=" + names);
  return result;
}

std::vector<char*> NullTerminated(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(&s[0]);
  pointers.push_back(nullptr);
  return pointers;
}

// Failure of `syscall` with the current errno, after undoing the journal.
ExecFailure Fail(UndoJournal* journal, const char* syscall) {
  int error = errno;
  journal->Undo();
  return ExecFailure{error, syscall, false};
}

// Moves inherited[i] to fd 3 + i without disturbing anything the move would
// overwrite: libuv's epoll descriptor, for one, often sits at fd 3. All
// sources are first parked above the target range (so that moving one cannot
// clobber another), and each target's previous occupant is kept aside.
bool MoveIntoPlace(const std::vector<InheritedFd>& inherited, UndoJournal* journal,
                   const char** failed_syscall) {
  const int count = static_cast<int>(inherited.size());
  const int park_at_or_above = kFirstInheritedFd + count;
  std::vector<int> parked;
  for (const InheritedFd& item : inherited) {
    int copy = fcntl(item.fd, F_DUPFD_CLOEXEC, park_at_or_above);
    if (copy < 0) {
      *failed_syscall = "fcntl";
      return false;
    }
    journal->CloseOnUndo(copy);  // on success the exec closes it (close-on-exec)
    parked.push_back(copy);
  }
  for (int i = 0; i < count; i++) {
    int target = kFirstInheritedFd + i;
    int occupant_flags = fcntl(target, F_GETFD);
    if (occupant_flags >= 0) {
      int keep = fcntl(target, F_DUPFD_CLOEXEC, park_at_or_above);
      if (keep < 0) {
        *failed_syscall = "fcntl";
        return false;
      }
      journal->RestoreOccupant(target, keep, occupant_flags);
    } else {
      journal->CloseOnUndo(target);
    }
    // dup2 gives the copy at `target` no close-on-exec flag: it survives execve.
    if (Dup2Retrying(parked[i], target) < 0) {
      *failed_syscall = "dup2";
      return false;
    }
  }
  return true;
}

// Everything above stdio that is not being handed over must not leak into the
// new program. libuv opens its descriptors close-on-exec, but whoever started
// Node may have left some without the flag.
bool CloseOthersOnExec(int first_free, UndoJournal* journal) {
  bool have_list = false;
  for (int fd : OpenFds(&have_list)) {
    if (fd < first_free) continue;
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0 || (flags & FD_CLOEXEC)) continue;
    if (fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) return false;
    journal->RestoreFdFlags(fd, flags);
  }
  return true;
}

// Node marks 0-2 close-on-exec at start-up; without this the program would
// start with no stdio and reuse 0-2 for its own sockets. Node also leaves
// pipes non-blocking, which raw writes in the new program would trip on.
bool KeepStdio(UndoJournal* journal) {
  for (int fd = 0; fd <= 2; fd++) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) continue;  // closed: nothing to keep
    if (flags & FD_CLOEXEC) {
      if (fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0) return false;
      journal->RestoreFdFlags(fd, flags);
    }
    int status = fcntl(fd, F_GETFL);
    if (status >= 0 && (status & O_NONBLOCK)) {
      if (fcntl(fd, F_SETFL, status & ~O_NONBLOCK) < 0) return false;
      journal->RestoreStatusFlags(fd, status);
    }
  }
  return true;
}

// Writes line to stdout, made blocking by KeepStdio; a stdout that is
// closed or gone loses it, and nothing else.
void Announce(const std::string& line) {
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = write(1, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    written += static_cast<size_t>(n);
  }
}

ExecFailure ExecHoldingTheGate(const std::string& path, const std::vector<std::string>& argv,
                               const std::vector<std::string>& env,
                               const std::vector<InheritedFd>& inherited, const std::string& announce) {
  UndoJournal journal;
  for (size_t i = 0; i < inherited.size(); i++) {
    if (fcntl(inherited[i].fd, F_GETFD) < 0) return Fail(&journal, "fcntl");
    for (size_t j = 0; j < i; j++) {
      if (inherited[j].fd == inherited[i].fd) {
        errno = EINVAL;  // the same descriptor twice would be served twice
        return Fail(&journal, "exec");
      }
    }
  }

  // Build everything that allocates before touching any descriptor.
  std::vector<std::string> args = argv;
  if (args.empty()) args.push_back(path);
  std::vector<std::string> environment = EnvironmentFor(env, inherited);
  std::vector<char*> arg_pointers = NullTerminated(args);
  std::vector<char*> env_pointers = NullTerminated(environment);

  const char* failed_syscall = nullptr;
  if (!MoveIntoPlace(inherited, &journal, &failed_syscall)) return Fail(&journal, failed_syscall);
  if (!CloseOthersOnExec(kFirstInheritedFd + static_cast<int>(inherited.size()), &journal)) {
    return Fail(&journal, "fcntl");
  }
  if (!KeepStdio(&journal)) return Fail(&journal, "fcntl");
  if (!announce.empty()) Announce(announce);

  ThreadState thread;
  if (!thread.Reset(&failed_syscall)) return Fail(&journal, failed_syscall);

  execve(path.c_str(), arg_pointers.data(), env_pointers.data());
  int error = errno;
  thread.Restore();
  errno = error;
  return Fail(&journal, "execve");
}

}  // namespace

ExecFailure ExecWithFds(const std::string& path, const std::vector<std::string>& argv,
                        const std::vector<std::string>& env,
                        const std::vector<InheritedFd>& inherited, const ExecOptions& options) {
  ExecGate gate;  // until the exec replaces every thread, or this returns
  ExecFailure failure;
  if (options.once_per_process && gate.EarlierFailure(&failure)) {
    failure.earlier_attempt = true;
    return failure;
  }
  failure = ExecHoldingTheGate(path, argv, env, inherited, options.announce);
  if (options.once_per_process) gate.RecordFailure(failure);
  return failure;
}

}  // namespace handoff
