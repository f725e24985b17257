//! Statistics for campaign comparisons (to be written).
