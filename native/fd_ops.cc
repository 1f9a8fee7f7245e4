#include "fd_ops.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>

namespace handoff {

int Dup2Retrying(int from, int to) {
  for (int tries = 0; tries < 100; tries++) {
    int result = dup2(from, to);
    if (result >= 0 || (errno != EINTR && errno != EBUSY)) return result;
  }
  return -1;
}

std::vector<int> OpenFds(bool* ok) {
  std::vector<int> fds;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) {
    *ok = false;
    return fds;
  }
  int own = dirfd(dir);
  while (struct dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    int fd = atoi(entry->d_name);
    if (fd != own) fds.push_back(fd);
  }
  closedir(dir);
  std::sort(fds.begin(), fds.end());
  *ok = true;
  return fds;
}

}  // namespace handoff
