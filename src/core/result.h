#pragma once

#include <cstdlib>
#include <utility>
#include <variant>

#include "core/error.h"

namespace shopdesk {

// A value or an Error: the shape of std::expected<T, Error> (C++23), kept small and
// our own because we build as C++20. Converts implicitly from T and from Error, so
// `return value;` and `return Error::NotFound(...);` both work.
//
// value() on an error (or error() on a value) is a bug and aborts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return Check(), std::get<0>(state_); }
  const T& value() const& { return Check(), std::get<0>(state_); }
  T&& value() && { return Check(), std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    if (has_value()) std::abort();
    return std::get<1>(state_);
  }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void Check() const {
    if (!has_value()) std::abort();
  }
  std::variant<T, Error> state_;
};

// Success or an Error; plays the role of leveldb's Status.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const {
    if (!ok_) std::abort();
  }
  const Error& error() const {
    if (ok_) std::abort();
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace shopdesk

// Propagates an error from an expression that yields a Result. Usage:
//   SHOPDESK_TRY(tx.Commit());
#define SHOPDESK_TRY(expr)                                          \
  do {                                                              \
    auto shopdesk_try_result_ = (expr);                             \
    if (!shopdesk_try_result_) return shopdesk_try_result_.error(); \
  } while (0)

// Crashes with a message when an invariant is broken (not for untrusted input).
#define SHOPDESK_CHECK(cond)                                         \
  do {                                                               \
    if (!(cond)) ::shopdesk::CheckFailed(#cond, __FILE__, __LINE__); \
  } while (0)

namespace shopdesk {
[[noreturn]] void CheckFailed(const char* cond, const char* file, int line);
}
