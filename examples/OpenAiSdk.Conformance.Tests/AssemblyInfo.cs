// Two cases at a time, as the CLI runs them on two cores (RunOptions.Parallel): the timing rules have their slack for it.
[assembly: LevelOfParallelism(2)]
