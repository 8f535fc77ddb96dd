package dev.systrument.otel;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Every attribute name we write, in one place (documented in docs/otel.md). Names from the
 * OpenTelemetry semantic conventions where one exists (process.*, thread.id, error.type),
 * {@code systrument.*} otherwise.
 */
final class OtelAttributes {
  private OtelAttributes() {}

  // Semantic conventions.
  static final AttributeKey<Long> PROCESS_PID = longKey("process.pid");
  static final AttributeKey<Long> PROCESS_PARENT_PID = longKey("process.parent_pid");
  static final AttributeKey<String> PROCESS_EXECUTABLE_NAME = stringKey("process.executable.name");
  static final AttributeKey<String> PROCESS_EXECUTABLE_PATH = stringKey("process.executable.path");
  static final AttributeKey<List<String>> PROCESS_COMMAND_ARGS = stringArrayKey("process.command_args");
  static final AttributeKey<Long> PROCESS_EXIT_CODE = longKey("process.exit.code");
  static final String PROCESS_ENVIRONMENT_VARIABLE_PREFIX = "process.environment_variable.";
  static final AttributeKey<Long> THREAD_ID = longKey("thread.id");
  static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  /** Deprecated in the conventions for the log record's event_name field; we write both (see LogRecordAssembler). */
  static final AttributeKey<String> EVENT_NAME = stringKey("event.name");

  // Spans.
  static final AttributeKey<Boolean> RE_EXEC = booleanKey("systrument.re_exec");
  static final AttributeKey<Boolean> INHERITED_IMAGE = booleanKey("systrument.inherited_image");
  static final AttributeKey<Long> THREAD_COUNT = longKey("systrument.thread_count");
  static final AttributeKey<String> SIGNAL = stringKey("systrument.signal");
  static final AttributeKey<Boolean> CORE_DUMPED = booleanKey("systrument.core_dumped");
  static final AttributeKey<Long> PROCESS_COUNT = longKey("systrument.process_count");
  static final String EXEC_FAILED_EVENT = "exec failed";

  // Log records.
  static final AttributeKey<String> EVENT = stringKey("systrument.event");
  static final AttributeKey<String> SYSCALL_NAME = stringKey("systrument.syscall.name");
  static final AttributeKey<String> SYSCALL_ARGS = stringKey("systrument.syscall.args");
  static final AttributeKey<String> SYSCALL_RESULT = stringKey("systrument.syscall.result");
  static final AttributeKey<String> SYSCALL_ERRNO = stringKey("systrument.syscall.errno");
  static final AttributeKey<Long> SYSCALL_DURATION_NS = longKey("systrument.syscall.duration_ns");
  static final AttributeKey<String> DIAGNOSTIC = stringKey("systrument.diagnostic");
  static final AttributeKey<Long> SOURCE_LINE = longKey("systrument.source.line");
}
