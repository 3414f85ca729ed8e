// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "broker.h"
#include "domain/quote.h"
#include "execution/simulatedbroker.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <deque>
#include <functional>

class SimulatedMarketData;

/// The simulated broker behind the Broker seam. It fills against the
/// simulated market and reports every change as signals through one queue.
/// With latency 0 (the default) the queue is delivered as soon as the call
/// that caused it returns; with latency > 0 each report waits that long, so
/// tests can hold orders in flight. Reports are delivered in order, never
/// re-entrantly.
class SimulatedBrokerService : public Broker
{
    Q_OBJECT
public:
    SimulatedBrokerService(const SimulatedMarketData &market, Decimal startingCash, QObject *parent = nullptr);

    void requestSnapshot() override;
    void submit(const OrderRequest &request) override;
    void cancel(const QString &orderId, const QString &reason) override;
    void replace(const QString &orderId, const OrderRequest &request) override;
    void lookup(const QString &clientOrderId) override;
    void requestBrokerState() override;

    /// Rebuilds the broker's state from the record (see SimulatedBroker::restore).
    bool restore(const QList<Fill> &fills, const QList<Order> &orders);
    void setLatencyMs(int ms) { m_latencyMs = std::max(0, ms); }
    int latencyMs() const { return m_latencyMs; }
    /// Fault injection: the next submit is executed, but the call's reply is
    /// lost: the caller hears that its outcome is unknown, then the order's
    /// reports as a broker's stream would send them.
    void loseNextSubmitReply() { m_loseNextReply = true; }
    /// Reports not yet delivered.
    int inFlight() const { return static_cast<int>(m_queue.size()); }
    /// The broker's own state, for tests that compare it with the record.
    const SimulatedBroker &state() const { return m_state; }

private:
    void onQuotes(const QList<Quote> &quotes);
    void post(std::function<void()> report);
    void postUpdate(const BrokerUpdate &update);
    void deliver();

    const SimulatedMarketData &m_market;
    SimulatedBroker m_state;
    int m_latencyMs = 0;
    bool m_loseNextReply = false;
    bool m_delivering = false;
    struct Report
    {
        QDeadlineTimer due;
        std::function<void()> emitIt;
    };
    std::deque<Report> m_queue;
    QTimer m_timer;
};
