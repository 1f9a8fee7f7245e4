#include "thread_state.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <string>

namespace handoff {

namespace {

// The calling thread's id (glibc has had no gettid() wrapper before 2.30).
pid_t ThisThread() { return static_cast<pid_t>(syscall(SYS_gettid)); }

// ioprio_get(2) and ioprio_set(2): glibc has no wrappers.
const int kIoprioWhoProcess = 1;  // IOPRIO_WHO_PROCESS: a thread id, 0 for the calling thread

// SCHED_DEADLINE, from the kernel's uapi headers (older glibc lacks it).
const int kSchedDeadline = 6;

// The signals pending for the calling thread alone: SigPnd in
// /proc/thread-self/status (ShdPnd, the process's, is another line).
// false when /proc cannot say.
bool ThreadPendingSignals(pid_t tid, unsigned long long* mask) {
  std::string path = "/proc/self/task/" + std::to_string(tid) + "/status";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[4096];
  ssize_t total = 0;
  for (;;) {
    ssize_t n = read(fd, buffer + total, sizeof(buffer) - 1 - total);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += n;
    if (total == static_cast<ssize_t>(sizeof(buffer) - 1)) break;
  }
  close(fd);
  buffer[total] = '\0';
  const char* line = strstr(buffer, "\nSigPnd:");
  if (line == nullptr) return false;
  *mask = strtoull(line + strlen("\nSigPnd:"), nullptr, 16);
  return true;
}

// Compares two attribute readings; a reading that failed means the kernel
// (or gVisor) does not keep it: nothing to compare, nothing to reset.
bool CanCompare(int main_result, int own_result) { return main_result >= 0 && own_result >= 0; }

}  // namespace

bool ThreadState::Reset(const char** failed_syscall) {
  pid_t main_thread = getpid();  // the main thread's id is the PID
  bool ok = DiscardThreadSignals() && ResetSignalMask();
  if (ok && ThisThread() != main_thread) {
    ok = AdoptAffinity(main_thread) && AdoptScheduler(main_thread) && AdoptNice(main_thread) &&
         AdoptIoPriority(main_thread);
    if (ok) ResetTimerSlack();
  }
  if (ok) return true;
  int error = errno;
  Restore();
  errno = error;
  *failed_syscall = failed_syscall_;
  return false;
}

bool ThreadState::DiscardThreadSignals() {
  unsigned long long pending = 0;
  // Without /proc they stay pending, and the mask's reset delivers them.
  if (!ThreadPendingSignals(ThisThread(), &pending)) return true;
  for (int sig = 1; sig <= 64; sig++) {
    if ((pending & (1ULL << (sig - 1))) == 0) continue;
    sigset_t one;
    sigemptyset(&one);
    if (sigaddset(&one, sig) != 0) continue;  // one of glibc's own, which it never lets be blocked
    struct timespec now = {0, 0};
    // Takes the thread's instance first; only a signal blocked in this
    // thread can be pending for it.
    if (sigtimedwait(&one, nullptr, &now) == sig) discarded_signals_.push_back(sig);
  }
  return true;
}

bool ThreadState::ResetSignalMask() {
  // sigprocmask acts on the calling thread, like pthread_sigmask, and is in every glibc.
  sigset_t none;
  sigemptyset(&none);
  if (sigprocmask(SIG_SETMASK, &none, &saved_mask_) != 0) {
    failed_syscall_ = "sigprocmask";
    return false;
  }
  mask_changed_ = true;
  return true;
}

bool ThreadState::AdoptAffinity(pid_t main_thread) {
  // Sized for the machine's CPUs: grown until the kernel's mask fits.
  for (size_t words = 1024 / (8 * sizeof(unsigned long)); words <= (1u << 16); words *= 2) {
    std::vector<unsigned long> main_set(words), own_set(words);
    size_t bytes = words * sizeof(unsigned long);
    int main_result = sched_getaffinity(main_thread, bytes, reinterpret_cast<cpu_set_t*>(main_set.data()));
    if (main_result != 0 && errno == EINVAL) continue;
    int own_result = sched_getaffinity(0, bytes, reinterpret_cast<cpu_set_t*>(own_set.data()));
    if (own_result != 0 && errno == EINVAL) continue;
    if (!CanCompare(main_result, own_result) || main_set == own_set) return true;
    if (sched_setaffinity(0, bytes, reinterpret_cast<cpu_set_t*>(main_set.data())) != 0) {
      failed_syscall_ = "sched_setaffinity";
      return false;
    }
    saved_affinity_ = own_set;
    affinity_changed_ = true;
    return true;
  }
  return true;  // more CPUs than any mask tried: leave it
}

bool ThreadState::AdoptScheduler(pid_t main_thread) {
  sched_param main_param{}, own_param{};
  int main_policy = sched_getscheduler(main_thread);
  int own_policy = sched_getscheduler(0);
  if (!CanCompare(main_policy, own_policy)) return true;
  if (!CanCompare(sched_getparam(main_thread, &main_param), sched_getparam(0, &own_param))) return true;
  if ((main_policy & ~SCHED_RESET_ON_FORK) == kSchedDeadline || (own_policy & ~SCHED_RESET_ON_FORK) == kSchedDeadline) return true;
  if (main_policy == own_policy && main_param.sched_priority == own_param.sched_priority) return true;
  if (sched_setscheduler(0, main_policy, &main_param) != 0) {
    failed_syscall_ = "sched_setscheduler";
    return false;
  }
  saved_policy_ = own_policy;
  saved_param_ = own_param;
  scheduler_changed_ = true;
  return true;
}

bool ThreadState::AdoptNice(pid_t main_thread) {
  // getpriority may rightly return -1: errno tells a failure apart.
  errno = 0;
  int main_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(main_thread));
  if (errno != 0) return true;
  int own_nice = getpriority(PRIO_PROCESS, 0);  // 0: the calling thread, on Linux
  if (errno != 0 || main_nice == own_nice) return true;
  if (setpriority(PRIO_PROCESS, 0, main_nice) != 0) {
    failed_syscall_ = "setpriority";
    return false;
  }
  saved_nice_ = own_nice;
  nice_changed_ = true;
  return true;
}

bool ThreadState::AdoptIoPriority(pid_t main_thread) {
  long main_priority = syscall(SYS_ioprio_get, kIoprioWhoProcess, main_thread);
  long own_priority = syscall(SYS_ioprio_get, kIoprioWhoProcess, 0);
  if (main_priority < 0 || own_priority < 0 || main_priority == own_priority) return true;
  if (syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, main_priority) != 0) {
    failed_syscall_ = "ioprio_set";
    return false;
  }
  saved_io_priority_ = static_cast<int>(own_priority);
  io_priority_changed_ = true;
  return true;
}

void ThreadState::ResetTimerSlack() {
  int before = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  // 0 sets the thread's default; a kernel that refuses keeps no slack of its own.
  if (before < 0 || prctl(PR_SET_TIMERSLACK, 0, 0, 0, 0) != 0) return;
  if (prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) != before) {
    saved_timer_slack_ = static_cast<unsigned long>(before);
    timer_slack_changed_ = true;
  }
}

void ThreadState::Restore() {
  if (timer_slack_changed_) prctl(PR_SET_TIMERSLACK, saved_timer_slack_, 0, 0, 0);
  if (io_priority_changed_) syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, saved_io_priority_);
  if (nice_changed_) setpriority(PRIO_PROCESS, 0, saved_nice_);
  if (scheduler_changed_) sched_setscheduler(0, saved_policy_, &saved_param_);
  if (affinity_changed_) {
    sched_setaffinity(0, saved_affinity_.size() * sizeof(unsigned long),
                      reinterpret_cast<cpu_set_t*>(saved_affinity_.data()));
  }
  if (mask_changed_) sigprocmask(SIG_SETMASK, &saved_mask_, nullptr);
  // Pending again, for this thread, as before (without their original
  // siginfo: what a handler would read of who sent them is lost).
  pid_t process = getpid(), thread = ThisThread();
  for (int sig : discarded_signals_) syscall(SYS_tgkill, process, thread, sig);
  timer_slack_changed_ = io_priority_changed_ = nice_changed_ = scheduler_changed_ = false;
  affinity_changed_ = mask_changed_ = false;
  discarded_signals_.clear();
}

}  // namespace handoff
