// SPDX-License-Identifier: GPL-3.0-or-later
// The local model provider as a program, for benchmarks and runs by hand:
//   sentinel-fake-llm [--shape openai|groq|anthropic] [--latency-ms N] [--strategy NAME]
// prints the base URL and the key variable to use, then serves until killed.
#include "fakellm.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption shape(QStringLiteral("shape"), QStringLiteral("openai, groq or anthropic."), QStringLiteral("NAME"), QStringLiteral("openai"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Delay of every answer."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("The strategy it picks for every symbol."), QStringLiteral("NAME"),
                                      QStringLiteral("MeanReversion"));
    const QCommandLineOption narrative(QStringLiteral("narrative"), QStringLiteral("A fixed narrative answer."), QStringLiteral("TEXT"));
    parser.addOptions({shape, latency, strategy, narrative});
    parser.process(app);
    const QString s = parser.value(shape);
    const FakeLlm::Shape sh = s == QLatin1String("groq") ? FakeLlm::Shape::Groq
                              : s == QLatin1String("anthropic") ? FakeLlm::Shape::Anthropic
                                                                : FakeLlm::Shape::OpenAI;
    FakeLlm fake(sh);
    fake.setLatencyMs(parser.value(latency).toInt());
    fake.setDefaultStrategy(parser.value(strategy));
    if (parser.isSet(narrative))
        fake.setNarrative(parser.value(narrative));
    if (!fake.start() || !fake.fixturesFound()) {
        QTextStream(stderr) << "sentinel-fake-llm: could not listen, or the fixtures are missing" << Qt::endl;
        return 1;
    }
    const char *var = sh == FakeLlm::Shape::Groq ? "GROQ_API_KEY" : sh == FakeLlm::Shape::Anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
    QTextStream(stdout) << "MODEL_URL=" << fake.baseUrl() << "\n" << var << "=" << fake.key() << Qt::endl;
    return app.exec();
}
