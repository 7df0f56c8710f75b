package io.sandgate.http;

import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.ExecutionResult;
import io.sandgate.execution.ExecutionService;
import io.sandgate.tenant.RateLimiter;
import io.sandgate.tenant.Tenancy;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantLimitException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * A run for an HTTP request, as every API that runs programs needs it: as the request's tenant,
 * with the connection's idle timeout lifted for as long as the run may take, and the used sandbox
 * handed back once the answer is out.
 */
@ApplicationScoped
public class HttpExecutions {

  private final ExecutionService executions;
  private final RequestTenant tenant;
  private final Tenancy tenancy;

  HttpExecutions(ExecutionService executions, RequestTenant tenant, Tenancy tenancy) {
    this.executions = executions;
    this.tenant = tenant;
    this.tenancy = tenancy;
  }

  /** The authenticated tenant of the current request. */
  public Tenant tenant() {
    return tenant.tenant();
  }

  /**
   * Spends the rest of the tenant's rate for a request of {@code runs} (at least 2) runs (a Judge0
   * batch): one token per run, the first spent at the request's arrival, the others now, all or
   * none. The answer's RateLimit headers say what is left after them.
   *
   * @throws TenantLimitException (429) when the bucket cannot cover them all; nothing more is
   *     spent, and Retry-After is when it can
   */
  public void spendRuns(int runs) {
    if (runs < 2) {
      throw new IllegalArgumentException("the request's arrival paid for one run");
    }
    Tenant current = tenant.tenant();
    RateLimiter.Decision rate = tenancy.spendMore(current, runs - 1).join();
    if (!rate.allowed()) {
      String limit =
          "tenant '"
              + current.name()
              + "' is over its limit of "
              + current.rateLimit()
              + " requests per "
              + current.ratePeriod()
              + ": this request asks for "
              + runs
              + " runs";
      throw new TenantLimitException(
          TenantLimitException.Limit.RATE,
          runs > current.rateLimit()
              ? limit + ", more than the limit; send at most " + current.rateLimit() + " at once"
              : limit + ", and " + (rate.remaining() + 1) + " were left",
          rate.retryAfterSeconds());
    }
    tenant.rated(rate);
  }

  /** A rate the resource spent on its own (a function's): the one the answer's headers show. */
  public void rated(RateLimiter.Decision rate) {
    tenant.rated(rate);
  }

  public ExecutionResult execute(ExecutionRequest request, RoutingContext http) {
    Tenant current = tenant.tenant();
    return executions.execute(current, request, handBackAfterAnswer(http, current));
  }

  /**
   * Readies the request's connection for a run of {@code runner} and gives the executor that hands
   * its sandbox back: the body is in, so from here nothing crosses the connection until the answer
   * (its idle timeout lifted for as long as the run may take), and the sandbox goes back once the
   * answer is out.
   */
  public Executor handBackAfterAnswer(RoutingContext http, Tenant runner) {
    ConnectionIdleTimeout.extendFor(http, executions.longestAnswer(runner));
    AfterResponse afterResponse = new AfterResponse();
    http.addEndHandler(ended -> afterResponse.responseOver());
    return afterResponse;
  }
}
