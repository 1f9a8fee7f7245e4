// Records each change ExecWithFds makes to the descriptors so that a failed
// exec leaves Node.js exactly as it was: every descriptor in its place, every
// flag as it found it. (The calling thread's state: thread_state.h.)
#ifndef GO_HANDOFF_UNDO_JOURNAL_H_
#define GO_HANDOFF_UNDO_JOURNAL_H_

#include <vector>

namespace handoff {

class UndoJournal {
 public:
  // fd was created by us: close it on undo.
  void CloseOnUndo(int fd) { Push({kClose, fd, -1, 0}); }
  // fd had descriptor flags (FD_CLOEXEC) `flags` before we changed them.
  void RestoreFdFlags(int fd, int flags) { Push({kFdFlags, fd, -1, flags}); }
  // fd had status flags (O_NONBLOCK, ...) `flags` before we changed them.
  void RestoreStatusFlags(int fd, int flags) { Push({kStatusFlags, fd, -1, flags}); }
  // `target` held another file, kept meanwhile as `copy` (close-on-exec);
  // on undo it goes back to `target` with its descriptor flags `flags`.
  void RestoreOccupant(int target, int copy, int flags) {
    Push({kOccupant, target, copy, flags});
  }

  // Undoes everything recorded, newest first. Never fails half-way: each step
  // is independent and a step that cannot be undone is skipped.
  void Undo();

 private:
  enum Kind { kClose, kFdFlags, kStatusFlags, kOccupant };
  struct Entry {
    Kind kind;
    int fd;
    int copy;
    int flags;
  };
  void Push(const Entry& entry) { entries_.push_back(entry); }

  std::vector<Entry> entries_;
};

}  // namespace handoff

#endif  // GO_HANDOFF_UNDO_JOURNAL_H_
