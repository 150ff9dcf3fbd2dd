//! The demand list's search index: the character bigrams of each demand's title and
//! description (`domain::text::search_terms`), one row per term and demand, written in
//! the filing transaction. A search reads the demands holding every term of `q` instead of
//! scanning every description.

use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{demand_terms, demands};
use crate::{DbConnection, Result};

/// The terms of a demand's text, as the filing transaction writes them.
pub fn terms_of(title: &str, description: &str) -> Vec<String> {
    let mut terms = domain::text::search_terms(title);
    terms.extend(domain::text::search_terms(description));
    terms.into_iter().collect()
}

/// Indexes one demand's text: one statement, whatever the number of terms.
pub fn index(conn: &mut DbConnection, demand_id: Uuid, title: &str, description: &str) -> Result<()> {
    let id = demand_id.to_string();
    let rows: Vec<_> = terms_of(title, description)
        .into_iter()
        .map(|t| (demand_terms::term.eq(t), demand_terms::demand_id.eq(&id)))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    // A multi-row INSERT does not compile on the multi-connection; on each engine it does.
    match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(demand_terms::table).values(&rows).execute(c)?,
        DbConnection::Postgresql(c) => diesel::insert_into(demand_terms::table).values(&rows).execute(c)?,
    };
    Ok(())
}

/// Demands filed before the index existed get their terms, a page at a time, each page in
/// its own transaction. Run once, right after the migration that created the index.
pub fn backfill(conn: &mut DbConnection) -> Result<usize> {
    const PAGE: i64 = 2_000;
    let mut after = String::new();
    let mut done = 0;
    loop {
        let page: Vec<(String, String, String)> = demands::table
            .filter(demands::id.gt(&after))
            .order(demands::id)
            .limit(PAGE)
            .select((demands::id, demands::title, demands::description))
            .load(conn)?;
        let Some((last, _, _)) = page.last() else { return Ok(done) };
        after = last.clone();
        crate::connection::write(conn, |conn| {
            for (id, title, description) in &page {
                let id = crate::util::uuid(id, "demand id")?;
                index(conn, id, title, description)?;
            }
            Ok::<_, crate::Error>(())
        })?;
        done += page.len();
    }
}
