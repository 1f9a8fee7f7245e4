#include "undo_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd_ops.h"

namespace handoff {

void UndoJournal::Undo() {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    switch (it->kind) {
      case kClose:
        close(it->fd);
        break;
      case kFdFlags:
        fcntl(it->fd, F_SETFD, it->flags);
        break;
      case kStatusFlags:
        fcntl(it->fd, F_SETFL, it->flags);
        break;
      case kOccupant:
        if (Dup2Retrying(it->copy, it->fd) >= 0) fcntl(it->fd, F_SETFD, it->flags);
        close(it->copy);
        break;
    }
  }
  entries_.clear();
}

}  // namespace handoff
