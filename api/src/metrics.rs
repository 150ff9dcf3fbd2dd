//! `/metrics` in Prometheus' text format (SPEC §5): requests and their latency per route,
//! the connection pool, how far the worker lags, and records by state.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};

use crate::startup::AppState;

/// Requests waiting for a pooled connection now (r2d2 does not count them itself).
static WAITING: AtomicI64 = AtomicI64::new(0);

/// Counts a request as waiting for a connection while `f` (the checkout) runs.
pub fn waiting_for_connection<T>(f: impl FnOnce() -> T) -> T {
    WAITING.fetch_add(1, Ordering::Relaxed);
    let out = f();
    WAITING.fetch_sub(1, Ordering::Relaxed);
    out
}

/// What is counted as requests are served.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = IntCounterVec::new(
            Opts::new("gongzhi_http_requests_total", "Requests answered, by route pattern, method and status"),
            &["route", "method", "status"],
        )
        .expect("a valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("gongzhi_http_request_duration_seconds", "Time to answer, by route pattern and method")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["route", "method"],
        )
        .expect("a valid metric");
        let registry = Registry::new();
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(latency.clone())).expect("registered once");
        Metrics { registry, requests, latency }
    }
}

/// Counts every request under its route's pattern (`/api/v1/demands/{id}`, not each id),
/// so the series stay few whatever clients send; what matched no route is `unmatched`.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().as_str().to_owned();
    let res = next.call(req).await?;
    if let Some(state) = state {
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        let status = res.status().as_u16().to_string();
        state.metrics.requests.with_label_values(&[route.as_str(), method.as_str(), status.as_str()]).inc();
        state
            .metrics
            .latency
            .with_label_values(&[route.as_str(), method.as_str()])
            .observe(started.elapsed().as_secs_f64());
    }
    Ok(res)
}

/// Read at each scrape.
pub struct Scrape {
    pub pool_connections: u32,
    pub pool_idle: u32,
    /// (consumer, seconds behind)
    pub lag: Vec<(&'static str, f64)>,
    /// (record kind, state, count)
    pub records: Vec<(&'static str, String, i64)>,
}

impl Metrics {
    /// The text a Prometheus server scrapes.
    pub fn render(&self, scrape: &Scrape) -> Result<String, prometheus::Error> {
        let now = Registry::new();
        let in_use = IntGauge::new("gongzhi_db_pool_in_use", "Pooled connections checked out")?;
        in_use.set(i64::from(scrape.pool_connections.saturating_sub(scrape.pool_idle)));
        let idle = IntGauge::new("gongzhi_db_pool_idle", "Pooled connections open and idle")?;
        idle.set(i64::from(scrape.pool_idle));
        let waiting = IntGauge::new("gongzhi_db_pool_waiting", "Requests waiting for a pooled connection")?;
        waiting.set(WAITING.load(Ordering::Relaxed).max(0));
        let lag = GaugeVec::new(
            Opts::new(
                "gongzhi_worker_lag_seconds",
                "Age of the oldest event a consumer has not taken in (0: caught up)",
            ),
            &["consumer"],
        )?;
        for (consumer, seconds) in &scrape.lag {
            lag.with_label_values(&[*consumer]).set(*seconds);
        }
        let records = IntGaugeVec::new(Opts::new("gongzhi_records", "Records by kind and state"), &["kind", "state"])?;
        for (kind, state, n) in &scrape.records {
            records.with_label_values(&[*kind, state.as_str()]).set(*n);
        }
        now.register(Box::new(in_use))?;
        now.register(Box::new(idle))?;
        now.register(Box::new(waiting))?;
        now.register(Box::new(lag))?;
        now.register(Box::new(records))?;
        let mut families = self.registry.gather();
        families.extend(now.gather());
        let mut out = Vec::new();
        prometheus::TextEncoder::new().encode(&families, &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}
