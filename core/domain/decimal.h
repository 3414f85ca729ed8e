// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QMetaType>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// How a value is rounded when digits are dropped.
enum class RoundingMode { HalfEven, HalfUp, Down, Up, Floor, Ceiling };

/// Exact fixed-point decimal for prices, quantities and money.
///
/// Stored as a 64-bit integer count of 1e-9 units, enough for Alpaca's
/// nine-digit fractional quantities. Every operation is exact except where
/// digits must be dropped (multiplication, division, rounded()), and there the
/// rounding mode is explicit. Overflow yields an invalid value that stays
/// invalid through later arithmetic, so it can never silently wrap.
class Decimal
{
public:
    static constexpr int kScale = 9;
    static constexpr std::int64_t kOne = 1'000'000'000;

    constexpr Decimal() = default;

    static constexpr Decimal fromRaw(std::int64_t raw) { Decimal d; d.m_raw = raw; return d; }
    static Decimal fromInt(std::int64_t units);
    /// Parses "-12.5", "0.000000001", "100"; rejects exponents, more than nine
    /// fractional digits, empty or garbage text.
    static std::optional<Decimal> parse(std::string_view text);
    static std::optional<Decimal> parse(const QString &text);
    static std::optional<Decimal> parse(const char *text) { return parse(std::string_view(text)); }
    /// Why parse() refused `text`, naming the real cause (not a number, too many
    /// decimal places, outside the range), quoting at most 80 characters of it.
    static QString whyNotParsed(const QString &text);
    /// The largest magnitude a Decimal holds, as text (9,223,372,036.854775807).
    static QString rangeText();
    /// Converts a double rounded to `places` digits; NaN and infinities give nullopt.
    static std::optional<Decimal> fromDouble(double value, int places, RoundingMode mode = RoundingMode::HalfEven);
    static constexpr Decimal invalid() { return fromRaw(kInvalidRaw); }

    constexpr std::int64_t raw() const { return m_raw; }
    constexpr bool isValid() const { return m_raw != kInvalidRaw; }
    constexpr bool isZero() const { return m_raw == 0; }
    constexpr bool isNegative() const { return isValid() && m_raw < 0; }
    constexpr bool isPositive() const { return isValid() && m_raw > 0; }
    bool isInteger() const { return isValid() && m_raw % kOne == 0; }

    double toDouble() const;
    std::string toStdString() const;
    QString toString() const { return QString::fromStdString(toStdString()); }
    /// Fixed number of fractional digits, rounded half-even (for display).
    QString toString(int places) const;

    Decimal rounded(int places, RoundingMode mode = RoundingMode::HalfEven) const;
    Decimal abs() const;

    // Sums and integer multiples are inline: the backtester runs them on every bar.
    // An overflow, like an invalid operand, gives invalid.
    Decimal operator-() const { return isValid() ? fromRaw(-m_raw) : invalid(); }
    Decimal operator+(Decimal other) const
    {
        std::int64_t r = 0;
        return !isValid() || !other.isValid() || __builtin_add_overflow(m_raw, other.m_raw, &r) || r == kInvalidRaw ? invalid() : fromRaw(r);
    }
    Decimal operator-(Decimal other) const
    {
        std::int64_t r = 0;
        return !isValid() || !other.isValid() || __builtin_sub_overflow(m_raw, other.m_raw, &r) || r == kInvalidRaw ? invalid() : fromRaw(r);
    }
    /// Product rounded half-even to nine places.
    Decimal operator*(Decimal other) const;
    Decimal &operator+=(Decimal other) { return *this = *this + other; }
    Decimal &operator-=(Decimal other) { return *this = *this - other; }

    /// Quotient rounded to `places` digits with `mode`; division by zero is invalid.
    Decimal dividedBy(Decimal divisor, int places = kScale, RoundingMode mode = RoundingMode::HalfEven) const;
    /// Multiplies by an integer exactly.
    Decimal times(std::int64_t factor) const
    {
        std::int64_t r = 0;
        return !isValid() || __builtin_mul_overflow(m_raw, factor, &r) || r == kInvalidRaw ? invalid() : fromRaw(r);
    }

    constexpr auto operator<=>(const Decimal &) const = default;

    /// GCC's 128-bit integer, for exact intermediate products.
    __extension__ typedef __int128 Wide;

private:
    static constexpr std::int64_t kInvalidRaw = INT64_MIN;
    static Decimal fromWide(Wide value);
    std::int64_t m_raw = 0;
};

Q_DECLARE_METATYPE(Decimal)

/// "12.34"_d: an exact decimal literal (invalid if the text is not a decimal).
inline Decimal operator""_d(const char *text, std::size_t size)
{
    return Decimal::parse(std::string_view(text, size)).value_or(Decimal::invalid());
}
