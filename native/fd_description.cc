#include "fd_description.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fd_ops.h"

namespace handoff {

namespace {

// The kind of file behind fd, from the link /proc/self/fd/<fd> (fstat would do
// too, but glibc only exports it from 2.33 on).
const char* TypeOf(int fd) {
  char link[64], target[512];
  snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  ssize_t length = readlink(link, target, sizeof(target) - 1);
  if (length < 0) return "other";
  target[length] = '\0';
  if (strncmp(target, "socket:", 7) == 0) return "socket";
  if (strncmp(target, "pipe:", 5) == 0) return "pipe";
  if (strncmp(target, "anon_inode:", 11) == 0) return "other";
  if (strncmp(target, "/dev/", 5) == 0) return "character-device";
  if (target[0] != '/') return "other";
  DIR* dir = opendir(target);
  if (dir == nullptr) return "file";
  closedir(dir);
  return "directory";
}

void DescribeSocket(int fd, FdDescription* out) {
  int accepting = 0;
  socklen_t length = sizeof(accepting);
  if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0) {
    out->listening = accepting != 0;
  }
  struct sockaddr_storage storage;
  socklen_t size = sizeof(storage);
  if (getsockname(fd, reinterpret_cast<struct sockaddr*>(&storage), &size) != 0) return;
  char text[INET6_ADDRSTRLEN] = {0};
  switch (storage.ss_family) {
    case AF_INET: {
      auto* in = reinterpret_cast<struct sockaddr_in*>(&storage);
      out->family = "IPv4";
      inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
      out->address = text;
      out->port = ntohs(in->sin_port);
      break;
    }
    case AF_INET6: {
      auto* in6 = reinterpret_cast<struct sockaddr_in6*>(&storage);
      out->family = "IPv6";
      inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
      out->address = text;
      out->port = ntohs(in6->sin6_port);
      break;
    }
    case AF_UNIX: {
      auto* un = reinterpret_cast<struct sockaddr_un*>(&storage);
      out->family = "unix";
      if (size > sizeof(sa_family_t) && un->sun_path[0] != '\0') out->address = un->sun_path;
      break;
    }
    default:
      out->family = "other";
  }
}

}  // namespace

FdDescription DescribeFd(int fd) {
  FdDescription out;
  out.fd = fd;
  int fd_flags = fcntl(fd, F_GETFD);
  if (fd_flags < 0) return out;
  out.open = true;
  out.close_on_exec = (fd_flags & FD_CLOEXEC) != 0;
  int status = fcntl(fd, F_GETFL);
  out.non_blocking = status >= 0 && (status & O_NONBLOCK) != 0;
  out.type = TypeOf(fd);
  if (out.type == "socket") DescribeSocket(fd, &out);
  return out;
}

std::vector<FdDescription> ListeningSockets() {
  std::vector<FdDescription> result;
  bool have_list = false;
  for (int fd : OpenFds(&have_list)) {
    FdDescription description = DescribeFd(fd);
    if (description.listening) result.push_back(description);
  }
  return result;
}

}  // namespace handoff
