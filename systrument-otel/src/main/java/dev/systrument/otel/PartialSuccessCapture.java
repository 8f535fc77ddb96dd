package dev.systrument.otel;

import dev.systrument.otel.OtlpAnswer.PartialSuccess;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the OTLP partial success of one exporter's answers. The SDK's OTLP/HTTP exporter (1.68)
 * counts any 2xx as full success without reading the body, so a receiver that answers {@code 200}
 * with {@code partial_success.rejected_spans = 3} would have those 3 spans silently lost.
 *
 * <p>The SDK lets a builder load its {@link HttpSenderProvider} through a {@link ComponentLoader}
 * ({@code setComponentLoader}); this one hands out the usual provider (the JDK sender) with each
 * sender wrapped so that a 2xx answer's body is read before the exporter completes its result. The
 * retries stay the SDK's: the wrapper sees only the final answer of a request. One capture per
 * exporter; its {@link ExportQueue} sends one batch at a time, so the answer read after a batch's
 * result completed is that batch's.
 */
final class PartialSuccessCapture implements ComponentLoader {
  private final ComponentLoader sdk = ComponentLoader.forClassLoader(PartialSuccessCapture.class.getClassLoader());
  private final AtomicReference<PartialSuccess> last = new AtomicReference<>(PartialSuccess.NONE);

  /** The partial success of the last answered request (NONE when there was none); clears it. */
  PartialSuccess take() {
    return last.getAndSet(PartialSuccess.NONE);
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    Iterable<T> found = sdk.load(type);
    if (type != HttpSenderProvider.class) {
      return found;
    }
    List<T> wrapped = new ArrayList<>();
    for (T provider : found) {
      HttpSenderProvider real = (HttpSenderProvider) provider;
      wrapped.add(type.cast((HttpSenderProvider) config -> new Sender(real.createSender(config))));
    }
    return wrapped;
  }

  private final class Sender implements HttpSender {
    private final HttpSender delegate;

    Sender(HttpSender delegate) {
      this.delegate = delegate;
    }

    @Override
    public void send(MessageWriter request, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
      last.set(PartialSuccess.NONE);
      delegate.send(request, response -> {
        int status = response.getStatusCode();
        if (status >= 200 && status < 300) {
          last.set(OtlpAnswer.partialSuccess(response.getResponseBody()));
        }
        onResponse.accept(response); // completes the export's result: after last.set
      }, onError);
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
