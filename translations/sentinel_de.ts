<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApprovalPanel</name>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="64"/>
        <source>&amp;Approve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="66"/>
        <source>Review and send the selected order (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="68"/>
        <source>&amp;Veto…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="70"/>
        <source>Reject the selected proposal with a reason (Ctrl+Shift+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="72"/>
        <source>Approve selected proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="76"/>
        <source>Veto selected proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="87"/>
        <location filename="../ui/approvalpanel.cpp" line="169"/>
        <source>Select a proposal to see why it was made and how risk sized it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="114"/>
        <source>Recent decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/approvalpanel.cpp" line="156"/>
        <source>%n proposal(s) waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="168"/>
        <source>No proposals waiting. New ones arrive as sessions complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="183"/>
        <source>Send order?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="184"/>
        <source>Send %1 at market?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="187"/>
        <source>Strategy: %1, confidence %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="189"/>
        <source>Protective stop at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="190"/>
        <source>Risk re-checks the order with the price at the moment you send it; it may only shrink it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="192"/>
        <source>Send order</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApprovalQueueModel</name>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Notional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="22"/>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="23"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="23"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="49"/>
        <source>SELL (exit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/approvalqueuemodel.cpp" line="49"/>
        <source>BUY</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionsModel</name>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="11"/>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="11"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="11"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="11"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="11"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="39"/>
        <source>SELL (exit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="39"/>
        <source>BUY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="43"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="44"/>
        <source>Vetoed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="45"/>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="46"/>
        <source>Rejected at approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="47"/>
        <source>Rejected by risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/decisionsmodel.cpp" line="48"/>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EquityChart</name>
    <message>
        <location filename="../ui/charts/equitychart.cpp" line="23"/>
        <source>Equity (simulated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/charts/equitychart.cpp" line="37"/>
        <source>Account equity at each session close (simulated)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FillsModel</name>
    <message>
        <location filename="../ui/models/fillsmodel.cpp" line="8"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/fillsmodel.cpp" line="8"/>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/fillsmodel.cpp" line="8"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/fillsmodel.cpp" line="8"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/fillsmodel.cpp" line="8"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/fillsmodel.cpp" line="8"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="28"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="29"/>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="30"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="31"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="49"/>
        <source>debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="50"/>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="51"/>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/logmodel.cpp" line="53"/>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="70"/>
        <source>Sentinel — DEMO (simulated market)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="78"/>
        <source>SIMULATED MARKET — no real orders are sent. Prices, fills and equity are generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="86"/>
        <source>Approval queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <source>Positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="92"/>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="93"/>
        <source>Fills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="94"/>
        <source>Orders and fills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="100"/>
        <source>Stages: data → strategy → risk → approval → execution → record. Quant validation is not built yet; confidence is the coded rule&apos;s signal strength.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="105"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="111"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="122"/>
        <source>DEMO — simulated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="148"/>
        <source>Recording to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="167"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="168"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="171"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="176"/>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="179"/>
        <source>Market clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="181"/>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="189"/>
        <source>  Session every </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="193"/>
        <location filename="../ui/mainwindow.cpp" line="196"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="250"/>
        <source>Settings: %n problem(s); defaults used. See the log.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="262"/>
        <source>Simulated clock: %1 (paused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="262"/>
        <source>Simulated clock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="263"/>
        <source>Trading: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="265"/>
        <source>Equity %1 · Cash %2 · Today %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="271"/>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="272"/>
        <source>Sentinel cannot use its database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="275"/>
        <source>%1

The file was not changed or deleted. You can start a new database beside it and keep the old file for inspection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="278"/>
        <source>Start a new database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="280"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Avg fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ordersmodel.cpp" line="11"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PipelineStatusModel</name>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="6"/>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="6"/>
        <source>Last run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="6"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="6"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="25"/>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="26"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="36"/>
        <source>Approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="36"/>
        <source>%n proposal(s) waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="40"/>
        <source>Execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/models/pipelinestatusmodel.cpp" line="40"/>
        <source>%n order(s) working</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PositionsModel</name>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Avg entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Market value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Unrealized P&amp;L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>P&amp;L %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="11"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/positionsmodel.cpp" line="42"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="43"/>
        <source>SELL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/approvalpanel.cpp" line="43"/>
        <source>BUY</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleTableModel</name>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="12"/>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="12"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="12"/>
        <source>Measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="12"/>
        <source>Limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="12"/>
        <source>Allows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="12"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/models/ruletablemodel.cpp" line="41"/>
        <source> (binding)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VetoDialog</name>
    <message>
        <location filename="../ui/vetodialog.cpp" line="17"/>
        <source>Veto proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="19"/>
        <source>Veto %1?
The reason is recorded with the decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="25"/>
        <source>Disagree with the signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="25"/>
        <source>Too much exposure to this sector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="26"/>
        <source>Event or news risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="26"/>
        <source>Price moved too far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="26"/>
        <source>Position too large for my plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="27"/>
        <source>Reason (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/vetodialog.cpp" line="29"/>
        <source>Veto</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
