package guildhall;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Guildhall's logging, set up in code where it was a logback.xml: parsing that XML cost ~0.13 s of every
 * start. One line per event on stdout, in the format {@code guildhall.log.format} names (set by
 * {@link Logging} from {@code log.format}): "text", the default, or "json". Found by logback through
 * META-INF/services before it looks for any XML; an operator's own {@code -Dlogback.configurationFile}
 * (or a logback-test.xml on the classpath) still wins, as this then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /**
   * "text": wall-clock time, thread, level, logger, message; " id=<request id>" at the end of a line logged
   * within a request (the access line among them), nothing for the others; then any stack trace.
   */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%thread] %level %logger - %msg%replace( id=%X{request_id}){' id=$', ''}%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(context);
    out.setName("out");
    out.setEncoder("json".equals(System.getProperty(Logging.FORMAT_PROPERTY)) ? json(context) : text(context));
    out.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level(), Level.INFO));
    root.addAppender(out);
    context.getLogger("com.hazelcast").setLevel(Level.WARN);
    // Each Vert.x start registers its vertx.eventbus.handlers gauge twice over and micrometer warns that the
    // second is ignored; nothing is lost. This logger says nothing but "registered twice"; should one of
    // Guildhall's own meters ever be, MetricsTest's counts would show it.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** guildhall.log.level (a system property: the tests' warn), else GUILDHALL_LOG_LEVEL, else info. */
  private static String level() {
    String level = System.getProperty("guildhall.log.level");
    if (level == null) {
      level = System.getProperty("GUILDHALL_LOG_LEVEL", System.getenv("GUILDHALL_LOG_LEVEL"));
    }
    return level == null ? "info" : level.trim();
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  /**
   * "json": one object per line with timestamp (epoch ms), level, threadName, loggerName, mdc (request_id
   * within a request), formattedMessage and throwable (class, message, frames, causes); not the unformatted
   * template, its arguments, or logback's own context, which only repeat or pad.
   */
  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
