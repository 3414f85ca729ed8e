// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "strategy/selectioncontext.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// What is asked of a model and how its answer is judged. Pure functions: no
/// network, no clock. Everything a model says is data to validate, never an
/// instruction.
namespace modelprompt {

inline const QString kSelectionVersion = QStringLiteral("strategy_choice/1");
inline const QString kNarrativeVersion = QStringLiteral("audit_narrative/1");
inline constexpr int kMaxReasoningChars = 600;
inline constexpr int kMaxNarrativeChars = 2000;

struct Prompt
{
    QString purpose;    ///< "selection" or "narrative"
    QString version;    ///< the prompt version (part of the replay key)
    QString system;
    QString user;
    QString schemaName;
    QJsonObject schema; ///< a strict JSON schema (every property required, no others)
    QString inputHash;  ///< SHA-256 of version, system and user text: the replay key
};

struct SelectionItem
{
    QString symbol;
    SelectionContext context;
};

/// One line per coded strategy, for the prompt (SPEC §2.2).
QString strategyLine(const QString &name);
/// The ten strategies a model may choose from (sma_cross is a benchmark, not offered).
QStringList selectableStrategies();

Prompt selectionPrompt(const QList<SelectionItem> &items, const QStringList &enabled);

struct ModelChoice
{
    QString strategy;
    double confidence = 0.0;
    QString reasoning; ///< plain text, control characters removed
};

struct SelectionAnswer
{
    QHash<QString, ModelChoice> choices; ///< valid choices by symbol
    QHash<QString, QString> rejected;    ///< symbol → why its choice was refused
    QString error;                       ///< the whole answer was unusable, and why
};

/// Strict: the text must be one JSON object {"choices":[{symbol, strategy,
/// confidence, reasoning}]} with nothing around it. A symbol that was not asked,
/// a strategy not enabled, a confidence that is not a number in [0, 1], or
/// reasoning that is not bounded text refuses that symbol's choice.
SelectionAnswer parseSelection(const QString &text, const QStringList &symbols, const QStringList &enabled);

// ---- audit narratives ----

/// A metric computed by code, as the narrative may quote it.
struct Metric
{
    QString key;   ///< "equity"
    QString label; ///< "Equity"
    double value = 0.0;
    int decimals = 2;
    QString unit;  ///< "$", "%", "" (a count)
};

/// A metric as prose and the panel show it: "$1234.50", "−0.12 %", "4".
QString formatMetric(const Metric &m);
Prompt narrativePrompt(const QString &kind, const QString &title, const QList<Metric> &metrics);
/// The narrative's text from an answer: {"narrative": "..."} (schema mode) or
/// plain text. Empty with `error` set when unusable.
QString parseNarrative(const QString &text, bool structured, QString *error);

struct Claim
{
    QString text;   ///< the number as written
    double value = 0.0;
    bool matched = false;
    QString metric; ///< the metric it matched
};

/// Every number in the text, checked against the metrics (and their obvious
/// derivations: absolute values, a ratio written as a percent). A number that
/// matches none is an unverified claim.
QList<Claim> checkNarrative(const QString &text, const QList<Metric> &metrics);

/// The offline narrator: honest prose built from templates and the metrics only.
QString offlineNarrative(const QString &kind, const QString &title, const QList<Metric> &metrics);

/// Text safe to show as plain text: control characters (other than newlines) removed, bounded.
QString plainText(const QString &text, int maxChars);

} // namespace modelprompt
