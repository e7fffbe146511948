//! Not rules: what several rules share. Each module reads the [`Context`](super::Context)
//! the way the SDK would: [`channels`] the input channels a job will have, [`view`] the
//! strategies a distribution turns on and where they run, [`scan`] every string value a
//! secret could hide in, [`profiler`] whether the SDK runs the profiler.

pub mod channels;
pub mod profiler;
pub mod scan;
pub mod view;
