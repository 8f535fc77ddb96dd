package dev.systrument.otel;

import dev.systrument.otel.OtlpAnswer.PartialSuccess;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the OTLP partial success of one exporter's answers, and picks the SDK's sender. The SDK's
 * OTLP exporters (1.68) count any 2xx (gRPC: OK) as full success without reading the answer, so a
 * receiver that answers {@code 200} with {@code partial_success.rejected_spans = 3} would have those
 * 3 spans silently lost.
 *
 * <p>The SDK lets a builder load its {@link HttpSenderProvider} or {@link GrpcSenderProvider}
 * through a {@link ComponentLoader} ({@code setComponentLoader}); this one hands out the SDK's
 * providers with each sender wrapped so that a successful answer is read before the exporter
 * completes its result. The retries stay the SDK's: the wrapper sees only the final answer of a
 * request. Both the JDK and the OkHttp sender offer HTTP; only the JDK one is handed out for it, so
 * that OTLP/HTTP keeps the sender whose retries {@code ExportFaultsTest} checks (the SDK would
 * otherwise warn and take the first it finds). OkHttp is the only gRPC sender on the classpath. One capture per
 * exporter; its {@link ExportQueue} sends one batch at a time, so the answer read after a batch's
 * result completed is that batch's.
 */
final class PartialSuccessCapture implements ComponentLoader {
  private static final String JDK_SENDER_PACKAGE = "io.opentelemetry.exporter.sender.jdk.";

  private final ComponentLoader sdk = ComponentLoader.forClassLoader(PartialSuccessCapture.class.getClassLoader());
  private final AtomicReference<PartialSuccess> last = new AtomicReference<>(PartialSuccess.NONE);

  /** The partial success of the last answered request (NONE when there was none); clears it. */
  PartialSuccess take() {
    return last.getAndSet(PartialSuccess.NONE);
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    Iterable<T> found = sdk.load(type);
    List<T> wrapped = new ArrayList<>();
    if (type == HttpSenderProvider.class) {
      for (T provider : found) {
        if (provider.getClass().getName().startsWith(JDK_SENDER_PACKAGE)) {
          HttpSenderProvider real = (HttpSenderProvider) provider;
          wrapped.add(type.cast((HttpSenderProvider) config -> new Http(real.createSender(config))));
        }
      }
      return wrapped;
    }
    if (type == GrpcSenderProvider.class) {
      for (T provider : found) {
        GrpcSenderProvider real = (GrpcSenderProvider) provider;
        wrapped.add(type.cast((GrpcSenderProvider) config -> new Grpc(real.createSender(config))));
      }
      return wrapped;
    }
    return found;
  }

  /**
   * Clears the last partial success for a new request, and returns {@code onResponse} preceded by
   * keeping the partial success in the answer's body; {@code successBody} gives that body for a
   * successful answer, null for any other (whose partial success, if any, means nothing).
   */
  private <R> Consumer<R> reading(Consumer<R> onResponse, Function<R, byte[]> successBody) {
    last.set(PartialSuccess.NONE);
    return response -> {
      byte[] body = successBody.apply(response);
      if (body != null) {
        last.set(OtlpAnswer.partialSuccess(body));
      }
      onResponse.accept(response); // completes the export's result: after last.set
    };
  }

  private final class Grpc implements GrpcSender {
    private final GrpcSender delegate;

    Grpc(GrpcSender delegate) {
      this.delegate = delegate;
    }

    @Override
    public void send(MessageWriter request, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      // the answer message is the same Export*ServiceResponse as an OTLP/HTTP body
      delegate.send(request, reading(onResponse, r -> r.getStatusCode() == GrpcStatusCode.OK ? r.getResponseMessage() : null), onError);
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  private final class Http implements HttpSender {
    private final HttpSender delegate;

    Http(HttpSender delegate) {
      this.delegate = delegate;
    }

    @Override
    public void send(MessageWriter request, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
      delegate.send(request, reading(onResponse, r -> r.getStatusCode() >= 200 && r.getStatusCode() < 300 ? r.getResponseBody() : null), onError);
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
