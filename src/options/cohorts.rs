//! Options of `cohorts`.

use super::{date, invalid, one_of};
use crate::cohort::{CohortParams, GroupBy, Metric, Period};
use crate::error::Result;
use serde::Deserialize;

/// Most groups `groupBy` splits into (the rest are "other").
pub const MAX_GROUPS: u32 = 1000;

/// `ds.cohorts(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortInput {
    pub period: Option<String>,
    pub metric: Option<String>,
    pub mode: Option<String>,
    pub max_periods: Option<u32>,
    pub group_by: Option<String>,
    pub max_groups: Option<u32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub week_start: Option<String>,
}

impl CohortInput {
    pub fn check(self) -> Result<CohortParams> {
        let sunday = one_of(self.week_start.as_deref(), "weekStart", false, &[("monday", false), ("sunday", true)])?;
        let period = one_of(
            self.period.as_deref(),
            "period",
            Period::Month,
            &[("day", Period::Day), ("week", Period::Week { sunday }), ("month", Period::Month), ("quarter", Period::Quarter)],
        )?;
        let metric = one_of(
            self.metric.as_deref(),
            "metric",
            Metric::Customers,
            &[
                ("customers", Metric::Customers),
                ("orders", Metric::Orders),
                ("revenue", Metric::Revenue),
                ("revenuePerCustomer", Metric::RevenuePerCustomer),
                ("cumulativeRevenuePerCustomer", Metric::CumulativeRevenuePerCustomer),
            ],
        )?;
        let rolling = one_of(self.mode.as_deref(), "mode", false, &[("period", false), ("rolling", true)])?;
        if rolling && metric != Metric::Customers {
            return Err(invalid("mode", "'rolling' applies to metric 'customers'".into()));
        }
        super::in_range(self.max_periods, "maxPeriods", 1, super::MAX_DAYS)?;
        super::in_range(self.max_groups, "maxGroups", 1, MAX_GROUPS)?;
        let group_by = self.group_by.map(|g| match g.as_str() {
            "firstProduct" => GroupBy::FirstProduct,
            "firstCategory" => GroupBy::FirstCategory,
            "rfmSegment" => GroupBy::RfmSegment,
            _ => GroupBy::Attribute(g),
        });
        Ok(CohortParams {
            period,
            metric,
            rolling,
            max_periods: self.max_periods,
            group_by,
            max_groups: self.max_groups.unwrap_or(20),
            from: date(self.from.as_deref(), "from")?,
            to: date(self.to.as_deref(), "to")?,
        })
    }
}
