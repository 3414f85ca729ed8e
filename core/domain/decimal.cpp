// SPDX-License-Identifier: GPL-3.0-or-later
#include "decimal.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr std::int64_t kPow10[] = {1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL,
                                   10000000LL, 100000000LL, 1000000000LL};

// Divides `value` by a positive `divisor`, rounding with `mode`.
template<typename Int>
Int divideRoundedIn(Int value, Int divisor, RoundingMode mode)
{
    Int q = value / divisor;
    Int r = value % divisor;
    if (r == 0)
        return q;
    const bool negative = value < 0;
    const Int absR = r < 0 ? -r : r;
    const Int twice = absR * 2;
    bool away = false;
    switch (mode) {
    case RoundingMode::Down: away = false; break;
    case RoundingMode::Up: away = true; break;
    case RoundingMode::Floor: away = negative; break;
    case RoundingMode::Ceiling: away = !negative; break;
    case RoundingMode::HalfUp: away = twice >= divisor; break;
    case RoundingMode::HalfEven:
        away = twice > divisor || (twice == divisor && (q % 2 != 0));
        break;
    }
    if (away)
        q += negative ? -1 : 1;
    return q;
}

// The same division in 64 bits when both fit (a 128-bit division is a library call).
Decimal::Wide divideRounded(Decimal::Wide value, Decimal::Wide divisor, RoundingMode mode)
{
    constexpr Decimal::Wide kHalfRange = std::numeric_limits<std::int64_t>::max() / 2;
    if (value > -kHalfRange && value < kHalfRange && divisor < kHalfRange)
        return divideRoundedIn<std::int64_t>(static_cast<std::int64_t>(value), static_cast<std::int64_t>(divisor), mode);
    return divideRoundedIn<Decimal::Wide>(value, divisor, mode);
}

std::uint64_t magnitude(std::int64_t v)
{
    return v < 0 ? 0ULL - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

} // namespace

Decimal Decimal::fromWide(Wide value)
{
    if (value > std::numeric_limits<std::int64_t>::max() || value <= std::numeric_limits<std::int64_t>::min())
        return invalid();
    return fromRaw(static_cast<std::int64_t>(value));
}

Decimal Decimal::fromInt(std::int64_t units)
{
    return fromWide(static_cast<Decimal::Wide>(units) * kOne);
}

std::optional<Decimal> Decimal::parse(std::string_view text)
{
    // Two plain loops, the whole part then the fraction, in 64 bits: the whole part
    // is bounded by the range (9,223,372,036) before it is scaled.
    const char *p = text.data();
    const char *const end = p + text.size();
    if (p == end)
        return std::nullopt;
    const bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        ++p;
    std::int64_t whole = 0;
    const char *digits = p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p) {
        whole = whole * 10 + (*p - '0');
        if (whole > std::numeric_limits<std::int64_t>::max() / kOne)
            return std::nullopt;
    }
    bool anyDigit = p != digits;
    std::int64_t frac = 0;
    int fracDigits = 0;
    if (p != end && *p == '.') {
        ++p;
        const char *fracStart = p;
        for (; p != end && *p >= '0' && *p <= '9'; ++p) {
            if (++fracDigits > kScale)
                return std::nullopt;
            frac = frac * 10 + (*p - '0');
        }
        anyDigit = anyDigit || p != fracStart;
    }
    if (p != end || !anyDigit)
        return std::nullopt;
    std::int64_t raw = 0;
    if (__builtin_mul_overflow(whole, kOne, &raw) || __builtin_add_overflow(raw, frac * kPow10[kScale - fracDigits], &raw))
        return std::nullopt;
    const Decimal d = fromRaw(negative ? -raw : raw);
    if (!d.isValid())
        return std::nullopt;
    return d;
}

std::optional<Decimal> Decimal::parse(const QString &text)
{
    const QByteArray latin = text.trimmed().toLatin1();
    return parse(std::string_view(latin.constData(), static_cast<std::size_t>(latin.size())));
}

QString Decimal::rangeText()
{
    return QStringLiteral("±9,223,372,036.854775807");
}

QString Decimal::whyNotParsed(const QString &raw)
{
    const QString text = raw.trimmed();
    const QString shown = text.size() > 80 ? QStringLiteral("\"%1…\" (%2 characters)").arg(text.left(80)).arg(text.size())
                                           : QStringLiteral("\"%1\"").arg(text);
    if (text.isEmpty())
        return QStringLiteral("expected a decimal number, got nothing");
    qsizetype i = text.front() == QLatin1Char('-') || text.front() == QLatin1Char('+') ? 1 : 0;
    int dots = 0;
    int fraction = 0;
    int digits = 0;
    for (; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('.')) {
            ++dots;
            continue;
        }
        if (!c.isDigit() || c.unicode() > '9')
            return QStringLiteral("expected a decimal number, got %1").arg(shown);
        ++digits;
        if (dots)
            ++fraction;
    }
    if (dots > 1 || digits == 0)
        return QStringLiteral("expected a decimal number, got %1").arg(shown);
    if (fraction > kScale)
        return QStringLiteral("%1 has %2 decimal places; at most %3 are kept, and none is rounded away silently").arg(shown).arg(fraction).arg(kScale);
    return QStringLiteral("%1 is outside the supported range (%2)").arg(shown, rangeText());
}

std::optional<Decimal> Decimal::fromDouble(double value, int places, RoundingMode mode)
{
    if (!std::isfinite(value) || places < 0 || places > kScale)
        return std::nullopt;
    const double scaled = value * static_cast<double>(kPow10[places]);
    if (std::fabs(scaled) > 9.0e18 / static_cast<double>(kPow10[kScale - places]))
        return std::nullopt;
    double r = 0;
    switch (mode) {
    case RoundingMode::Down: r = std::trunc(scaled); break;
    case RoundingMode::Up: r = scaled < 0 ? std::floor(scaled) : std::ceil(scaled); break;
    case RoundingMode::Floor: r = std::floor(scaled); break;
    case RoundingMode::Ceiling: r = std::ceil(scaled); break;
    case RoundingMode::HalfUp: r = std::round(scaled); break;
    case RoundingMode::HalfEven: r = std::nearbyint(scaled); break; // default FE_TONEAREST is half-even
    }
    return fromWide(static_cast<Decimal::Wide>(static_cast<std::int64_t>(r)) * kPow10[kScale - places]);
}

double Decimal::toDouble() const
{
    if (!isValid())
        return std::numeric_limits<double>::quiet_NaN();
    const std::int64_t whole = m_raw / kOne;
    const std::int64_t frac = m_raw % kOne;
    return static_cast<double>(whole) + static_cast<double>(frac) / static_cast<double>(kOne);
}

std::string Decimal::toStdString() const
{
    if (!isValid())
        return "NaN";
    const bool negative = m_raw < 0;
    const unsigned long long mag = negative ? 0ULL - static_cast<unsigned long long>(m_raw)
                                            : static_cast<unsigned long long>(m_raw);
    std::string out = std::to_string(mag / kOne);
    unsigned long long frac = mag % kOne;
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        digits.insert(0, kScale - digits.size(), '0');
        while (!digits.empty() && digits.back() == '0')
            digits.pop_back();
        out += '.';
        out += digits;
    }
    return negative ? "-" + out : out;
}

QString Decimal::toString(int places) const
{
    if (!isValid())
        return QStringLiteral("NaN");
    const Decimal r = rounded(places, RoundingMode::HalfEven);
    std::string s = r.toStdString();
    const auto dot = s.find('.');
    std::size_t have = dot == std::string::npos ? 0 : s.size() - dot - 1;
    if (places > 0 && dot == std::string::npos)
        s += '.';
    s.append(static_cast<std::size_t>(places) - have, '0');
    return QString::fromStdString(s);
}

Decimal Decimal::rounded(int places, RoundingMode mode) const
{
    if (!isValid() || places >= kScale)
        return *this;
    if (places < 0)
        places = 0;
    const std::int64_t unit = kPow10[kScale - places];
    return fromWide(divideRounded(m_raw, unit, mode) * unit);
}

Decimal Decimal::abs() const
{
    return isNegative() ? -*this : *this;
}

Decimal Decimal::operator*(Decimal other) const
{
    if (!isValid() || !other.isValid())
        return invalid();
    // Exact in 64-bit pieces: with a = a1·10^9 + a0 and b = b1·10^9 + b0, |a·b| / 10^9 is
    // a1·b + a0·b1 + (a0·b0) / 10^9, and the remainder is (a0·b0) mod 10^9; rounded half-even
    // on the magnitude, as the 128-bit division below rounds. Falls back when a piece overflows.
    const std::uint64_t a = magnitude(m_raw), b = magnitude(other.m_raw);
    const std::uint64_t one = static_cast<std::uint64_t>(kOne);
    const std::uint64_t a1 = a / one, a0 = a % one, b1 = b / one, b0 = b % one;
    std::uint64_t whole = 0, cross = 0;
    if (!__builtin_mul_overflow(a1, b, &whole) && !__builtin_mul_overflow(a0, b1, &cross) && !__builtin_add_overflow(whole, cross, &whole)) {
        const std::uint64_t low = a0 * b0; // < 10^18
        const std::uint64_t r = low % one;
        std::uint64_t q = 0;
        if (!__builtin_add_overflow(whole, low / one, &q) && q < std::numeric_limits<std::uint64_t>::max()) {
            q += (2 * r > one || (2 * r == one && (q & 1U))) ? 1 : 0;
            if (q <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return fromRaw((m_raw < 0) != (other.m_raw < 0) ? -static_cast<std::int64_t>(q) : static_cast<std::int64_t>(q));
        }
    }
    const Decimal::Wide product = static_cast<Decimal::Wide>(m_raw) * other.m_raw;
    return fromWide(divideRounded(product, kOne, RoundingMode::HalfEven));
}

Decimal Decimal::dividedBy(Decimal divisor, int places, RoundingMode mode) const
{
    if (!isValid() || !divisor.isValid() || divisor.isZero())
        return invalid();
    places = std::clamp(places, 0, kScale);
    // value/divisor in units of 10^-places, then scaled back to 1e-9 units.
    Decimal::Wide numerator = static_cast<Decimal::Wide>(m_raw) * kPow10[places];
    Decimal::Wide den = divisor.m_raw;
    if (den < 0) {
        numerator = -numerator;
        den = -den;
    }
    const Decimal::Wide q = divideRounded(numerator, den, mode);
    return fromWide(q * kPow10[kScale - places]);
}
