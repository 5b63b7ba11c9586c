// vigil/status_macros.h: VIGIL_RETURN_IF_ERROR and VIGIL_ASSIGN_OR_RETURN.
#include "vigil/status_macros.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vigil {
namespace {

absl::StatusOr<int> Number(bool ok, int value = 0) {
  if (!ok) return absl::NotFoundError("no number");
  return value;
}

absl::StatusOr<std::unique_ptr<std::string>> Owned(std::string s) {
  return std::make_unique<std::string>(std::move(s));
}

TEST(ReturnIfErrorTest, ReturnsTheFailure) {
  int after = 0;
  auto f = [&]() -> absl::Status {
    VIGIL_RETURN_IF_ERROR(absl::InvalidArgumentError("bad"));
    ++after;
    return absl::OkStatus();
  };
  absl::Status s = f();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "bad");
  EXPECT_EQ(after, 0);
}

TEST(ReturnIfErrorTest, ContinuesOnSuccessAndEvaluatesOnce) {
  int calls = 0;
  auto step = [&]() { ++calls; return absl::OkStatus(); };
  auto f = [&]() -> absl::Status {
    VIGIL_RETURN_IF_ERROR(step());
    VIGIL_RETURN_IF_ERROR(step());
    return absl::CancelledError("reached the end");
  };
  EXPECT_EQ(f().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 2);
}

TEST(ReturnIfErrorTest, AcceptsAStatusOrAndReturnsIntoAStatusOr) {
  auto f = [](bool ok) -> absl::StatusOr<std::string> {
    VIGIL_RETURN_IF_ERROR(Number(ok));
    return std::string("fine");
  };
  EXPECT_EQ(f(false).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(f(true).value(), "fine");
}

TEST(ReturnIfErrorTest, IsOneStatementInAnIfWithoutBraces) {
  auto f = [](bool fail) -> absl::Status {
    if (fail)
      VIGIL_RETURN_IF_ERROR(absl::InternalError("x"));
    else
      return absl::OkStatus();
    return absl::UnknownError("unreachable");
  };
  EXPECT_EQ(f(true).code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(f(false).ok());
}

TEST(AssignOrReturnTest, DeclaresAndAssigns) {
  auto f = [](bool ok) -> absl::StatusOr<int> {
    VIGIL_ASSIGN_OR_RETURN(int a, Number(true, 20));
    VIGIL_ASSIGN_OR_RETURN(const auto b, Number(ok, 22));
    return a + b;
  };
  EXPECT_EQ(f(true).value(), 42);
  absl::StatusOr<int> failed = f(false);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(failed.status().message(), "no number");
}

TEST(AssignOrReturnTest, AssignsToExistingVariables) {
  struct Out {
    int n = -1;
  } out;
  int plain = -1;
  auto f = [&]() -> absl::Status {
    VIGIL_ASSIGN_OR_RETURN(plain, Number(true, 7));
    VIGIL_ASSIGN_OR_RETURN(out.n, Number(true, 8));
    VIGIL_ASSIGN_OR_RETURN(plain, Number(false));
    return absl::OkStatus();
  };
  EXPECT_EQ(f().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(plain, 7);  // unchanged by the failed assignment
  EXPECT_EQ(out.n, 8);
}

TEST(AssignOrReturnTest, MovesMoveOnlyValues) {
  auto f = []() -> absl::StatusOr<std::string> {
    VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<std::string> p, Owned("moved"));
    return *p;
  };
  EXPECT_EQ(f().value(), "moved");
}

TEST(AssignOrReturnTest, EvaluatesTheExpressionOnce) {
  int calls = 0;
  auto counted = [&]() -> absl::StatusOr<int> { return ++calls; };
  auto f = [&]() -> absl::Status {
    VIGIL_ASSIGN_OR_RETURN(int n, counted());
    EXPECT_EQ(n, 1);
    return absl::OkStatus();
  };
  EXPECT_TRUE(f().ok());
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace vigil
