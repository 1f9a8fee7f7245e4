// Read-only inspection of descriptors, for the loader's diagnostics and for tests.
#ifndef GO_HANDOFF_FD_DESCRIPTION_H_
#define GO_HANDOFF_FD_DESCRIPTION_H_

#include <string>
#include <vector>

namespace handoff {

struct FdDescription {
  int fd = -1;
  bool open = false;
  std::string type;  // "socket", "file", "directory", "pipe", "character-device", "other"
  bool close_on_exec = false;
  bool non_blocking = false;
  bool listening = false;  // a socket that accepts connections (SO_ACCEPTCONN)
  std::string family;      // sockets: "IPv4", "IPv6", "unix", "other"
  std::string address;     // sockets: local address, or the unix socket's path
  int port = 0;            // IPv4 and IPv6 sockets: local port
};

FdDescription DescribeFd(int fd);

// Every listening socket this process holds, in fd order.
std::vector<FdDescription> ListeningSockets();

}  // namespace handoff

#endif  // GO_HANDOFF_FD_DESCRIPTION_H_
