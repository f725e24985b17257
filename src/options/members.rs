//! Options of `members` and `membersCsv`: which cell, and the options of the analyses it is in.

use super::clv::ClvInput;
use super::cohorts::CohortInput;
use super::segments::{CpmInput, CrosstabInput, DecileInput, RfmInput};
use super::{in_range, invalid, OneOrMany};
use crate::error::Result;
use crate::members::{MembersSelector, Selection, DEFAULT_LIMIT, MAX_LIMIT};
use serde::Deserialize;

/// The kinds of `members`, each with the fields it needs.
pub const KINDS: [(&str, &[&str]); 7] = [
    ("rfmSegment", &["segment"]),
    ("decile", &["decile"]),
    ("cpmGroup", &["group"]),
    ("cohortCell", &["cohort", "period"]),
    ("crosstabCell", &["row", "col", "crosstab"]),
    ("riskBand", &["band"]),
    ("aliveBand", &["band"]),
];

/// `ds.members(selector)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembersInput {
    pub kind: String,
    /// `rfmSegment`: segment key(s) or name(s).
    pub segment: Option<OneOrMany<String>>,
    /// `decile`: 1–10, or a list.
    pub decile: Option<OneOrMany<u8>>,
    /// `cpmGroup`: group key(s) or name(s); `cohortCell` with `groupBy`: the group's name.
    pub group: Option<OneOrMany<String>>,
    /// `cohortCell`: the cohort's label (`2024-03`) and the period after it (0 = the first).
    pub cohort: Option<String>,
    pub period: Option<u32>,
    /// `crosstabCell`: the row and column labels.
    pub row: Option<String>,
    pub col: Option<String>,
    /// `riskBand` / `aliveBand`: band name(s).
    pub band: Option<OneOrMany<String>>,
    /// Default `asOf` of rfm, cpm and deciles (each may set its own).
    pub as_of: Option<String>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
    pub deciles: Option<DecileInput>,
    pub cohorts: Option<CohortInput>,
    pub crosstab: Option<CrosstabInput>,
    pub clv: Option<ClvInput>,
    /// Fit CLV for the clv / pAlive columns (default true; the band kinds always fit it).
    pub include_clv: Option<bool>,
    /// Rows in `customers` (default 500; every id is in `customerIds`).
    pub limit: Option<u32>,
}

impl MembersInput {
    pub fn check(self) -> Result<MembersSelector> {
        let Some((kind, needs)) = KINDS.iter().find(|k| k.0 == self.kind) else {
            return Err(invalid("kind", format!("unknown kind \"{}\"; kinds: {}", self.kind, KINDS.map(|k| k.0).join(", "))));
        };
        // Every selection field is some kind's; one that is not this kind's is a mistake.
        let given: [(&str, bool); 8] = [
            ("segment", self.segment.is_some()),
            ("decile", self.decile.is_some()),
            ("group", self.group.is_some()),
            ("cohort", self.cohort.is_some()),
            ("period", self.period.is_some()),
            ("row", self.row.is_some()),
            ("col", self.col.is_some()),
            ("band", self.band.is_some()),
        ];
        for (field, present) in given {
            let allowed = needs.contains(&field) || (*kind == "cohortCell" && field == "group");
            if present && !allowed {
                return Err(invalid(field, format!("`{field}` is not a field of kind '{kind}', which takes {}", needs.join(", "))));
            }
        }
        if let Some(missing) = needs.iter().find(|f| match **f {
            "crosstab" => self.crosstab.is_none(),
            f => !given.iter().any(|g| g.0 == f && g.1),
        }) {
            return Err(invalid(missing, format!("kind '{kind}' needs `{missing}` (it takes {})", needs.join(", "))));
        }
        let decile = self.decile.map(|d| d.to_vec());
        if let Some(bad) = decile.iter().flatten().find(|&&x| !(1..=10).contains(&x)) {
            return Err(invalid("decile", format!("deciles are 1–10, got {bad}")));
        }
        let list = |v: Option<OneOrMany<String>>| v.map(|v| v.to_vec()).unwrap_or_default();
        let selection = match *kind {
            "rfmSegment" => Selection::RfmSegment(list(self.segment)),
            "decile" => Selection::Decile(decile.unwrap_or_default()),
            "cpmGroup" => Selection::CpmGroup(list(self.group)),
            "cohortCell" => {
                let group = match self.group {
                    None => None,
                    Some(OneOrMany::One(g)) => Some(g),
                    Some(OneOrMany::Many(_)) => return Err(invalid("group", "a cohort cell is in one group: give its name".into())),
                };
                let period = in_range(self.period, "period", 0, crate::options::MAX_DAYS)?.unwrap_or(0);
                Selection::CohortCell { cohort: self.cohort.unwrap_or_default(), period, group }
            }
            "crosstabCell" => Selection::CrosstabCell { row: self.row.unwrap_or_default(), col: self.col.unwrap_or_default() },
            "riskBand" => Selection::RiskBand(list(self.band)),
            _ => Selection::AliveBand(list(self.band)),
        };
        let (rfm, cpm, deciles) = super::segments::list_metrics(self.as_of, self.rfm, self.cpm, self.deciles)?;
        let include_clv = self.include_clv.unwrap_or(true);
        if !include_clv && matches!(selection, Selection::RiskBand(_) | Selection::AliveBand(_)) {
            return Err(invalid("includeClv", format!("kind '{kind}' lists a CLV band: it needs the CLV fit")));
        }
        Ok(MembersSelector {
            selection,
            rfm,
            cpm,
            deciles,
            cohorts: self.cohorts.unwrap_or_default().check()?,
            crosstab: self.crosstab.map(CrosstabInput::check).transpose()?,
            clv: self.clv.unwrap_or_default().check()?,
            include_clv,
            limit: in_range(self.limit, "limit", 0, MAX_LIMIT)?.map_or(DEFAULT_LIMIT, |l| l as usize),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str) -> MembersInput {
        MembersInput { kind: kind.into(), ..Default::default() }
    }

    #[test]
    fn each_kind_names_what_it_misses_and_what_it_does_not_take() {
        let e = input("cohortCell").check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("cohort"));
        let e = MembersInput { cohort: Some("2024-01".into()), ..input("cohortCell") }.check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("period"));
        let e = MembersInput { segment: Some(OneOrMany::One("x".into())), decile: Some(OneOrMany::One(2)), ..input("decile") }.check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("segment"));
        assert!(e.to_string().contains("kind 'decile'"), "{e}");
        let e = input("segments").check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("kind"));
        let e = MembersInput { decile: Some(OneOrMany::Many(vec![0])), ..input("decile") }.check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("decile"));
        let e = MembersInput { band: Some(OneOrMany::One("high".into())), include_clv: Some(false), ..input("riskBand") }.check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("includeClv"));
        let e = MembersInput { row: Some("a".into()), col: Some("b".into()), ..input("crosstabCell") }.check().unwrap_err();
        assert_eq!(e.option().as_deref(), Some("crosstab"));
    }
}
