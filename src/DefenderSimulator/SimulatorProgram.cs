namespace DefenderSimulator; public static class SimulatorProgram { public static void Main() { } }
