#include "store/postgres/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

extern char** environ;

namespace shopdesk::store::postgres {
namespace {

constexpr std::size_t kMaxOut = 16u << 20;
constexpr std::size_t kMaxErrors = 16u << 10;

// Closes both ends of a pipe that are still open.
struct Pipe {
  int fds[2] = {-1, -1};
  ~Pipe() {
    for (int& fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void CloseEnd(int i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
};

std::vector<std::string> ChildEnvironment(const ChildOptions& options) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : options.env) env[name] = value;
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<ChildResult> RunChild(const std::vector<std::string>& argv, const ChildOptions& options) {
  if (argv.empty()) return Error::Internal("RunChild without a program");
  Pipe out, err;
  if (::pipe2(out.fds, O_CLOEXEC) != 0 || ::pipe2(err.fds, O_CLOEXEC) != 0) {
    return Error::Unavailable(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
  std::vector<std::string> args = argv;
  std::vector<std::string> env = ChildEnvironment(options);
  const std::vector<char*> arg_pointers = Pointers(args);
  const std::vector<char*> env_pointers = Pointers(env);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, arg_pointers.data(),
                             env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Error::Unavailable("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  out.CloseEnd(1);
  err.CloseEnd(1);

  ChildResult result;
  auto last_tick = std::chrono::steady_clock::now();
  pollfd fds[2] = {{out.fds[0], POLLIN, 0}, {err.fds[0], POLLIN, 0}};
  char buffer[65536];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const int ready = ::poll(fds, 2, 1000);
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2 && ready > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        fds[i].fd = -1;  // end of file; the Pipe closes it
        continue;
      }
      std::string& sink = i == 0 ? result.out : result.errors;
      sink.append(buffer, static_cast<std::size_t>(n));
      if (i == 0 && sink.size() > kMaxOut) sink.resize(kMaxOut);
      if (i == 1 && sink.size() > kMaxErrors) sink.erase(0, sink.size() - kMaxErrors);
    }
    const auto now = std::chrono::steady_clock::now();
    if (options.on_tick && now - last_tick >= std::chrono::seconds(1)) {
      last_tick = now;
      options.on_tick();
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return Error::Unavailable("lost track of " + argv[0] + ": " + std::strerror(errno));
    }
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace shopdesk::store::postgres
