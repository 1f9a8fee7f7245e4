// One exec at a time in the process, whichever thread asks, and, when asked
// for, one attempt at all.
//
// The descriptor shuffle of ExecWithFds works on the process's descriptor
// table, which every thread shares: two threads shuffling at once would
// scramble each other's moves. On Lambda Managed Instances that is what
// would happen: aws-lambda-ric loads index.js in each of its worker
// threads, at the same time. The addon is one shared library in the
// process: dlopen loads it once however many Node.js environments (main
// thread and workers) load the module, so the gate's state is the process's.
#ifndef GO_HANDOFF_EXEC_GATE_H_
#define GO_HANDOFF_EXEC_GATE_H_

#include "exec_with_fds.h"

namespace handoff {

// Held for the whole of an exec attempt: a second thread waits at the gate
// until the first one's exec has failed (it is then let in) or succeeded
// (the kernel then ends it, with every other thread).
class ExecGate {
 public:
  ExecGate();
  ~ExecGate();
  ExecGate(const ExecGate&) = delete;
  ExecGate& operator=(const ExecGate&) = delete;

  // The failure of an earlier once-per-process attempt, if there was one.
  bool EarlierFailure(ExecFailure* failure) const;
  // Remembers a once-per-process attempt's failure for every later one.
  void RecordFailure(const ExecFailure& failure);
};

}  // namespace handoff

#endif  // GO_HANDOFF_EXEC_GATE_H_
