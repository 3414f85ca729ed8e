// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/review.h"

/// A printable report of a review (a day or a range): the filter, the totals, the
/// equity and drawdown curves, the P&L distribution, the results per strategy and
/// the trades themselves, as a PDF through Qt's printing (QPdfWriter). Needs a
/// QGuiApplication (the offscreen platform will do); runs on the review's thread.
Status writeReviewReport(const Review &review, const TradeFilter &filter, const QString &pdfPath, int maxTrades = 500);
