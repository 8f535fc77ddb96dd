package dev.systrument.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.systrument.otel.OtlpAnswer.PartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Our hand-written reading of answer bodies, against bodies encoded by protobuf-java. */
class OtlpAnswerTest {

  @Test
  void readsThePartialSuccessOfTracesAndLogs() {
    byte[] traces = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(300).setErrorMessage("span name too long"))
        .build().toByteArray();
    byte[] logs = ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(2).setErrorMessage("zu groß"))
        .build().toByteArray();

    assertThat(OtlpAnswer.partialSuccess(traces)).isEqualTo(new PartialSuccess(300, "span name too long"));
    assertThat(OtlpAnswer.partialSuccess(logs)).isEqualTo(new PartialSuccess(2, "zu groß"));
  }

  @Test
  void fullSuccessAndEmptyBodiesHaveNone() {
    assertThat(OtlpAnswer.partialSuccess(ExportTraceServiceResponse.getDefaultInstance().toByteArray())).isEqualTo(PartialSuccess.NONE);
    assertThat(OtlpAnswer.partialSuccess(new byte[0])).isEqualTo(PartialSuccess.NONE);
    assertThat(OtlpAnswer.partialSuccess(null)).isEqualTo(PartialSuccess.NONE);
    assertThat(PartialSuccess.NONE.isNone()).isTrue();
  }

  @Test
  void fieldsOfLaterProtocolVersionsAreSkipped() throws IOException {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    CodedOutputStream p = CodedOutputStream.newInstance(inner);
    p.writeFixed64(7, 1);
    p.writeInt64(1, 5);
    p.writeString(9, "future");
    p.writeString(2, "quota");
    p.writeFixed32(8, 3);
    p.flush();
    ByteArrayOutputStream outer = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(outer);
    r.writeUInt64(4, 123);
    r.writeByteArray(1, inner.toByteArray());
    r.flush();

    assertThat(OtlpAnswer.partialSuccess(outer.toByteArray())).isEqualTo(new PartialSuccess(5, "quota"));
  }

  @Test
  void bodiesThatAreNotTheMessageSayNothing() {
    byte[] good = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(3).setErrorMessage("bad"))
        .build().toByteArray();
    // A proxy's page, JSON, a truncated message, a string that is not UTF-8.
    assertThat(OtlpAnswer.partialSuccess("<html><body>OK</body></html>".getBytes(StandardCharsets.UTF_8))).isEqualTo(PartialSuccess.NONE);
    assertThat(OtlpAnswer.partialSuccess("{\"partialSuccess\":{\"rejectedSpans\":3}}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PartialSuccess.NONE);
    assertThat(OtlpAnswer.partialSuccess(Arrays.copyOf(good, good.length - 1))).isEqualTo(PartialSuccess.NONE);
    byte[] notUtf8 = good.clone();
    notUtf8[notUtf8.length - 1] = (byte) 0xff;
    assertThat(OtlpAnswer.partialSuccess(notUtf8)).isEqualTo(PartialSuccess.NONE);
  }

  @Test
  void readsTheMessageOfAnErrorStatus() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream status = CodedOutputStream.newInstance(bytes);
    status.writeInt32(1, 3); // INVALID_ARGUMENT
    status.writeString(2, "invalid trace id");
    status.flush();

    assertThat(OtlpAnswer.statusMessage(bytes.toByteArray())).isEqualTo("invalid trace id");
    assertThat(OtlpAnswer.statusMessage(new byte[0])).isNull();
    assertThat(OtlpAnswer.statusMessage("Bad Gateway".getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
