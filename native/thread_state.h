// What the thread that calls execve(2) passes on to the new program, and
// how ExecWithFds resets it. execve from any thread replaces the whole
// process and keeps its PID, but the new program starts as that thread:
// some of its attributes are per thread and survive the exec. From Node.js's
// main thread they are the process's own; from a worker thread (where
// aws-lambda-ric loads index.js on Lambda Managed Instances) they are the
// worker's: whatever native code running on that thread (an addon, the
// host's own native client) made them.
//
// Reset here, to what a program started afresh would have (the empty signal
// mask), or to what the process's main thread has (the others: that thread
// is what the host started, with whatever the host chose):
//   - the signal mask: inherited by the new program, and by every process
//     Go starts (os/exec). Go unblocks only the signals its runtime needs:
//     with a mask left full, the program would never see SIGUSR1 or
//     SIGCHLD, and its children could not be stopped with SIGTERM.
//   - signals pending for this thread alone (sent with tgkill or
//     pthread_kill to the Node.js thread, such as V8's SIGPROF): execve keeps
//     them pending, and unblocking them would deliver them now, to a default
//     action that may end the process. They are taken off (sigtimedwait),
//     and raised again if the exec fails. Signals pending for the process
//     are not touched: they stay pending for Go.
//   - CPU affinity, scheduling policy and priority, nice value, I/O
//     priority: per thread on Linux, kept by execve, inherited by every
//     thread Go starts. Each is read for the main thread (its thread id is
//     the PID) and for this one, and set only when they differ. An attribute
//     the kernel (or gVisor) cannot report is left alone: there is nothing
//     to compare. SCHED_DEADLINE is left alone too (sched_setscheduler
//     cannot set it, and a Node.js thread never has it).
//   - timer slack: per thread and kept by execve; reset to the thread's
//     default, which is its creator's value when it was created (the main
//     thread's, for Node.js's workers). The main thread's current value is
//     not read: /proc/<pid>/timerslack_ns needs CAP_SYS_NICE for another
//     thread.
//
// Not reset, and why:
//   - the alternate signal stack and the thread's name: execve drops the
//     first and names the thread after the new program.
//   - no_new_privs and seccomp filters: per thread and kept by execve, but
//     the kernel lets no one lift them. Node.js sets neither.
//   - capabilities: per thread, but capset(2) can only lower them. Node.js
//     changes none, so every thread has the main thread's.
//   - the parent-death signal (PR_SET_PDEATHSIG): the new process has the
//     calling thread's, and no call reads another thread's. Node.js sets
//     none; AWS's emulator and Lambda's supervisor do not rely on it.
//   - the NUMA memory policy and a cgroup v2 thread's own cgroup: per
//     thread, but neither can be read for another thread; Node.js sets
//     neither.
//   - robust futex lists, rseq, clear_child_tid, thread-local storage: the
//     kernel ends them with the old program.
#ifndef GO_HANDOFF_THREAD_STATE_H_
#define GO_HANDOFF_THREAD_STATE_H_

#include <sched.h>
#include <signal.h>
#include <sys/types.h>

#include <vector>

namespace handoff {

class ThreadState {
 public:
  // Resets the calling thread's state as above. On failure returns false
  // with errno set and *failed_syscall naming the call, having restored
  // what it changed.
  bool Reset(const char** failed_syscall);

  // Puts back everything Reset changed, newest first (after a failed exec).
  void Restore();

 private:
  bool DiscardThreadSignals();
  bool ResetSignalMask();
  bool AdoptAffinity(pid_t main_thread);
  bool AdoptScheduler(pid_t main_thread);
  bool AdoptNice(pid_t main_thread);
  bool AdoptIoPriority(pid_t main_thread);
  void ResetTimerSlack();

  const char* failed_syscall_ = nullptr;

  std::vector<int> discarded_signals_;
  bool mask_changed_ = false;
  sigset_t saved_mask_;
  bool affinity_changed_ = false;
  std::vector<unsigned long> saved_affinity_;
  bool scheduler_changed_ = false;
  int saved_policy_ = 0;
  sched_param saved_param_{};
  bool nice_changed_ = false;
  int saved_nice_ = 0;
  bool io_priority_changed_ = false;
  int saved_io_priority_ = 0;
  bool timer_slack_changed_ = false;
  unsigned long saved_timer_slack_ = 0;
};

}  // namespace handoff

#endif  // GO_HANDOFF_THREAD_STATE_H_
