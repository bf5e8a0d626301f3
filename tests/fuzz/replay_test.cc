// Replays every committed fuzz input (tests/fuzz/corpus/<target>/ seeds and
// tests/fuzz/regressions/<target>/ crashes found earlier) through the same target
// functions the fuzzers run, with their invariants, in the regular build. Runs from the
// repository root (the tests' working directory).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "fuzz_check.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = "tests/fuzz/corpus";
const fs::path kRegressions = "tests/fuzz/regressions";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The regular files under `dir`, sorted; none when it does not exist.
std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Runs `target` on every file of `dir`; returns how many there were.
int Replay(const Target& target, const fs::path& dir) {
  int count = 0;
  for (const fs::path& file : FilesIn(dir)) {
    CollectFailures failures;
    target.run(ReadFile(file));
    EXPECT_TRUE(failures.failures().empty()) << file.string() << ":\n"
                                             << [&] {
                                                  std::string all;
                                                  for (const auto& f : failures.failures())
                                                    all += "  " + f + "\n";
                                                  return all;
                                                }();
    ++count;
  }
  return count;
}

TEST(FuzzReplayTest, CorpusFoldersNameKnownTargets) {
  ASSERT_TRUE(fs::is_directory(kCorpus)) << "run from the repository root";
  std::set<std::string> names;
  for (const Target& t : AllTargets()) names.insert(std::string(t.name));
  for (const fs::path& root : {kCorpus, kRegressions}) {
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::directory_iterator(root)) {
      EXPECT_TRUE(entry.is_directory() && names.count(entry.path().filename().string()))
          << entry.path().string() << " is not the folder of a target in targets.h";
    }
  }
}

TEST(FuzzReplayTest, EveryTargetHoldsItsInvariantsOnSeedsAndRegressions) {
  for (const Target& target : AllTargets()) {
    SCOPED_TRACE(std::string(target.name));
    const int seeds = Replay(target, kCorpus / target.name);
    EXPECT_GT(seeds, 0) << "no seed inputs in " << (kCorpus / target.name).string();
    Replay(target, kRegressions / target.name);
  }
}

}  // namespace
}  // namespace shopdesk::fuzz
