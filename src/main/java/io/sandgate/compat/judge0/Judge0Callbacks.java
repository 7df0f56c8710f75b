package io.sandgate.compat.judge0;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.threads.GatewayThreads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Judge0's callbacks: once a submission's result is stored, a {@code PUT} of it (the default
 * fields, in base64, as Judge0 sends them) to its {@code callback_url}. Tried again only when no
 * answer came (a connection failure or the timeout), up to the configured tries; any HTTP answer
 * ends it. Redirects are not followed; the target is checked again before each try, and the
 * connection goes to the address that check resolved (the URL's host still names the server, for
 * its Host header and TLS).
 */
@ApplicationScoped
class Judge0Callbacks {

  private static final int BACKLOG = 1000;

  private final Judge0Config config;
  private final CallbackTargets targets;
  private final ObjectMapper json;
  private final HttpClient http;

  /**
   * Few senders, and a bounded backlog: past it the oldest waiting callback is dropped (logged).
   */
  private final ExecutorService senders;

  Judge0Callbacks(Judge0Config config, ObjectMapper json, Vertx vertx, GatewayThreads threads) {
    this.senders =
        threads
            .pool("judge0-callback", 2)
            .queue(BACKLOG, GatewayThreads.Overflow.DROP_OLDEST)
            .stopping(GatewayThreads.Stage.RESULTS, GatewayThreads.Stop.DRAIN, Duration.ZERO);
    this.config = config;
    this.targets =
        config.allowPrivateCallbacks()
            ? CallbackTargets.anyAddress()
            : CallbackTargets.publicOnly();
    this.json = json;
    // One connection per callback: a kept one would outlive the check of its address.
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(false)
                .setConnectTimeout((int) config.callbackTimeout().toMillis()));
  }

  CallbackTargets targets() {
    return targets;
  }

  /** Sends the record's result to its callback URL, if it has one, off the caller's thread. */
  void deliver(Judge0Record record, Map<PythonRuntime, String> versions) {
    String url = record.submission().callback_url();
    if (url == null) {
      return;
    }
    String body;
    try {
      body =
          json.writeValueAsString(
              Judge0Fields.render(record, Judge0Fields.DEFAULT, Judge0Text.BASE64, versions));
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
    senders.execute(() -> send(record.token(), url, body));
  }

  private void send(String token, String url, String body) {
    for (int attempt = 1; attempt <= config.callbackTries(); attempt++) {
      CallbackTargets.Check target = targets.target(url);
      if (target.refusal().isPresent()) {
        Log.warnf("callback of submission %s not sent: the URL %s", token, target.refusal().get());
        return;
      }
      try {
        int status = put(target, body);
        Log.infof("callback of submission %s: HTTP %d (try %d)", token, status, attempt);
        return;
      } catch (ExecutionException | TimeoutException e) {
        Log.infof(
            "callback of submission %s: no answer (try %d of %d): %s",
            token,
            attempt,
            config.callbackTries(),
            e.getCause() == null ? e.toString() : e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The PUT's status, once its whole answer has come (discarded); all of it within the timeout. */
  private int put(CallbackTargets.Check target, String body)
      throws ExecutionException, TimeoutException, InterruptedException {
    if (target.address() == null) {
      throw new ExecutionException(new UnknownHostException(target.url().getHost()));
    }
    URI url = target.url();
    boolean tls = url.getScheme().equalsIgnoreCase("https");
    int port = url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    long timeoutMs = config.callbackTimeout().toMillis();
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.PUT)
            .setServer(SocketAddress.inetSocketAddress(port, target.address().getHostAddress()))
            .setHost(url.getHost())
            .setPort(port)
            .setSsl(tls)
            .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
            .setFollowRedirects(false)
            .setIdleTimeout(timeoutMs)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    Future<Integer> status =
        http.request(request)
            .compose(
                put -> {
                  sent.set(put);
                  return put.send(body);
                })
            .compose(answer -> answer.end().map(done -> answer.statusCode()));
    try {
      // The whole exchange within the timeout: a target that trickles its answer holds no sender.
      return status.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } finally {
      HttpClientRequest put = sent.get();
      if (put != null && !status.isComplete()) {
        put.reset();
      }
    }
  }

  @PreDestroy
  void stop() {
    http.close();
  }
}
