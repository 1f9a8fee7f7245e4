#include "exec_gate.h"

#include <pthread.h>

namespace handoff {

namespace {

// Statics of the shared library: one for the whole process.
pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
bool once_failed = false;
ExecFailure once_failure{0, nullptr, false};

}  // namespace

ExecGate::ExecGate() { pthread_mutex_lock(&gate); }

ExecGate::~ExecGate() { pthread_mutex_unlock(&gate); }

bool ExecGate::EarlierFailure(ExecFailure* failure) const {
  if (!once_failed) return false;
  *failure = once_failure;
  return true;
}

void ExecGate::RecordFailure(const ExecFailure& failure) {
  once_failed = true;
  once_failure = failure;
}

}  // namespace handoff
