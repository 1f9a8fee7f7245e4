// A test helper for exec-worker-child.cjs: loaded with process.dlopen (which
// then says it is no Node.js module, after its constructor ran), it blocks
// every signal in the thread that loads it and leaves SIGUSR2 pending for
// that thread alone, as a native addon or a host's own threads can, and no
// JavaScript can. exec-from-worker.test.ts builds it with the machine's C++
// compiler (the one that builds the addon).
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((constructor)) static void BlockEverySignalAndLeaveOnePending() {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
}
