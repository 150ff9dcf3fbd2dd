//! The public board's pages, kept in memory.
//!
//! Every anonymous visitor asking for the same page gets the same bytes, and the board is
//! most of the traffic a district sees. Rendering a page costs a query and ten kilobytes
//! of JSON (≈ 4,000 req/s at a million demands, docs/BENCHMARKS.md); sending kept bytes
//! costs neither.
//!
//! A kept page is dropped by any write this process makes (the middleware below bumps the
//! generation after every request that may write), so whoever changes a demand sees the
//! change on the board of the process that served it. Writes through another process
//! behind the same load balancer cannot reach this memory: a page is also dropped after
//! [`FRESH_FOR`], the most the board can lag a change made elsewhere.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};

use crate::startup::AppState;

/// How long a page may be served without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Renders of different pages run side by side; renders of one page wait for each other.
const TURNS: usize = 64;

/// Pages kept at most (each ≤ 100 demands, so well under 100 MB even when full of searches);
/// past it, stale pages go first, then all.
const MAX_PAGES: usize = 1_024;

struct Page {
    generation: u64,
    at: Instant,
    body: Bytes,
}

pub struct PublicCache {
    generation: AtomicU64,
    pages: Mutex<HashMap<String, Page>>,
    turns: [tokio::sync::Mutex<()>; TURNS],
}

impl Default for PublicCache {
    fn default() -> Self {
        PublicCache {
            generation: AtomicU64::default(),
            pages: Mutex::default(),
            turns: std::array::from_fn(|_| tokio::sync::Mutex::new(())),
        }
    }
}

impl PublicCache {
    /// The page kept for `key`, when no write has happened since it was rendered and it is
    /// younger than [`FRESH_FOR`].
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let generation = self.generation();
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|p| p.generation == generation && p.at.elapsed() < FRESH_FOR).map(|p| p.body.clone())
    }

    /// Waited for before rendering the page at `key`, and held while rendering it: when a
    /// page expires, the 64 connections asking for it at that moment would otherwise each
    /// render it (on PostgreSQL, 64 queries queueing for the pool: the board's p99 went from
    /// 10 to 67 ms). The one that renders puts it back; the others find it there.
    pub async fn turn(&self, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(key, &mut hasher);
        let stripe = usize::try_from(std::hash::Hasher::finish(&hasher) % TURNS as u64).unwrap_or(0);
        self.turns[stripe].lock().await
    }

    /// Read before rendering a page, and handed to [`PublicCache::put`]: a write that lands
    /// while the page is rendered leaves it under an old generation, never served.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES {
            let current = self.generation();
            pages.retain(|_, p| p.generation == current && p.at.elapsed() < FRESH_FOR);
            if pages.len() >= MAX_PAGES {
                pages.clear();
            }
        }
        pages.insert(key, Page { generation, at: Instant::now(), body });
    }

    /// Every kept page is out of date.
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// After any request that may have written (every method but GET, HEAD and OPTIONS, whatever
/// its outcome), the kept pages are forgotten. Deciding per route which writes touch the
/// board would be one more list to keep in step with the routes; writes are rare beside
/// board reads, so forgetting on all of them costs little.
pub async fn forget_on_write(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let safe = req.method().is_safe();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await;
    if !safe {
        if let Some(state) = state {
            state.public_cache.forget();
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_or_age_drops_a_page() {
        let cache = PublicCache::default();
        let before = cache.generation();
        cache.put("a".into(), before, Bytes::from_static(b"1"));
        assert_eq!(cache.get("a").as_deref(), Some(&b"1"[..]));
        cache.forget();
        assert_eq!(cache.get("a"), None, "a write drops it");

        // Rendered while a write landed: kept under the old generation, never served.
        cache.put("b".into(), before, Bytes::from_static(b"2"));
        assert_eq!(cache.get("b"), None);

        let now = cache.generation();
        cache.pages.lock().expect("not poisoned").insert(
            "c".into(),
            Page {
                generation: now,
                at: Instant::now().checked_sub(FRESH_FOR).expect("the clock started over a second ago"),
                body: Bytes::from_static(b"3"),
            },
        );
        assert_eq!(cache.get("c"), None, "too old");
    }

    #[tokio::test]
    async fn renders_of_one_page_wait_for_each_other() {
        let cache = PublicCache::default();
        let first = cache.turn("/api/v1/public/demands?").await;
        let second = tokio::time::timeout(Duration::from_millis(50), cache.turn("/api/v1/public/demands?")).await;
        assert!(second.is_err(), "a second render of the same page waits");
        drop(first);
        let after = tokio::time::timeout(Duration::from_millis(50), cache.turn("/api/v1/public/demands?")).await;
        assert!(after.is_ok(), "and goes once the first is done");
    }

    #[test]
    fn a_full_cache_keeps_its_size() {
        let cache = PublicCache::default();
        for i in 0..MAX_PAGES * 3 {
            cache.put(i.to_string(), cache.generation(), Bytes::new());
        }
        assert!(cache.pages.lock().expect("not poisoned").len() <= MAX_PAGES);
    }
}
