#include "store/postgres/pg_tools.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/digest.h"
#include "store/postgres/child_process.h"

namespace shopdesk::store::postgres {
namespace {

namespace fs = std::filesystem;

TEST(PgToolsTest, VersionsCompareByMajorRelease) {
  EXPECT_EQ(ParseToolVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n"), 1500);
  EXPECT_EQ(ParseToolVersion("pg_restore (PostgreSQL) 16.2"), 1600);
  EXPECT_EQ(ParseToolVersion("pg_dump (PostgreSQL) 9.6.24"), 906);
  EXPECT_EQ(ParseToolVersion("pg_dump (PostgreSQL) 17beta1"), 1700);
  EXPECT_EQ(ParseToolVersion("no version here"), std::nullopt);
  EXPECT_EQ(MajorOfServerVersion(150018), 1500);
  EXPECT_EQ(MajorOfServerVersion(90624), 906);
  EXPECT_EQ(FormatMajor(1500), "15");
  EXPECT_EQ(FormatMajor(906), "9.6");
  EXPECT_LT(*ParseToolVersion("pg_dump (PostgreSQL) 9.6.1"), MajorOfServerVersion(100001));
}

TEST(PgToolsTest, PasswordLeavesTheCommandLine) {
  auto c = SplitConnection("postgresql://shop:s3cr%27et@db.example:6543/desk?sslmode=require");
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->password, "s3cr'et");
  EXPECT_EQ(c->conninfo.find("s3cr"), std::string::npos) << c->conninfo;
  EXPECT_NE(c->conninfo.find("host='db.example'"), std::string::npos) << c->conninfo;
  EXPECT_NE(c->conninfo.find("port='6543'"), std::string::npos);
  EXPECT_NE(c->conninfo.find("dbname='desk'"), std::string::npos);
  EXPECT_NE(c->conninfo.find("sslmode='require'"), std::string::npos);
  ASSERT_EQ(ChildEnv(*c).size(), 1u);
  EXPECT_EQ(ChildEnv(*c)[0], std::make_pair(std::string("PGPASSWORD"), std::string("s3cr'et")));
  auto quoted = SplitConnection("postgresql://u@h/db?application_name=a%27b%5Cc");
  ASSERT_TRUE(quoted);
  EXPECT_NE(quoted->conninfo.find(R"(application_name='a\'b\\c')"), std::string::npos)
      << quoted->conninfo;
  EXPECT_TRUE(ChildEnv(*quoted).empty());
  EXPECT_FALSE(SplitConnection("postgresql://u@h:notaport:x/db?bogus_option=1"));
}

class FakeBinDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shopdesk-pgtools-" + RandomHex(6));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteTool(const std::string& name, const std::string& version_line) {
    const auto path = dir_ / name;
    std::ofstream(path) << "#!/bin/sh\necho '" << version_line << "'\n";
    ::chmod(path.c_str(), 0755);
  }

  fs::path dir_;
};

TEST_F(FakeBinDir, MissingAndTooOldToolsSayWhatToInstall) {
  auto missing = FindPgTool("pg_dump", dir_.string(), 1500);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(missing.error().message.find("pg_dump was not found"), std::string::npos);
  EXPECT_NE(missing.error().message.find("postgresql-client-15"), std::string::npos)
      << missing.error().message;

  WriteTool("pg_dump", "pg_dump (PostgreSQL) 13.2");
  auto old = FindPgTool("pg_dump", dir_.string(), 1500);
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message.find("older than the PostgreSQL 15 server"), std::string::npos)
      << old.error().message;
  EXPECT_NE(old.error().message.find("is 13"), std::string::npos) << old.error().message;

  WriteTool("pg_dump", "pg_dump (PostgreSQL) 16.1");
  auto fine = FindPgTool("pg_dump", dir_.string(), 1500);
  ASSERT_TRUE(fine) << fine.error().ToString();
  EXPECT_EQ(fine->major, 1600);
  EXPECT_EQ(fine->path, (dir_ / "pg_dump").string());
}

TEST(ChildProcessTest, CollectsOutputErrorsStatusAndEnvironment) {
  ChildOptions options;
  options.env = {{"SHOPDESK_CHILD_TEST", "値"}};
  auto r =
      RunChild({"/bin/sh", "-c", "echo out:$SHOPDESK_CHILD_TEST; echo err >&2; exit 3"}, options);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out, "out:値\n");
  EXPECT_EQ(r->errors, "err\n");
  auto killed = RunChild({"/bin/sh", "-c", "kill -9 $$"});
  ASSERT_TRUE(killed);
  EXPECT_EQ(killed->exit_code, 128 + 9);
  auto none = RunChild({"/nonexistent/program"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace shopdesk::store::postgres
