using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>
/// The tools the deployment tests drive, installed under &lt;repo&gt;/.tools by .ci/setup.d/30-helm.sh and found there.
/// </summary>
public static class DeployTools
{
    private const string SetupHint = "run `bash .ci/setup.d/30-helm.sh` (.ci/run does)";

    public static string Helm => Require(RepoPaths.Combine(".tools", "bin", "helm"), "Helm");

    /// <summary>The folder whose node_modules holds the schema packages, the YAML parser and the Dockerfile linter.</summary>
    public static string NodeTools
    {
        get
        {
            var folder = RepoPaths.Combine(".tools", "node");
            Require(Path.Combine(folder, "node_modules", "kubernetes-models", "package.json"), "The Kubernetes schema package");
            return folder;
        }
    }

    private static readonly string[] NodeLocations = ["/usr/bin/node", "/usr/local/bin/node"];

    public static string Node => Require(NodeLocations.FirstOrDefault(File.Exists) ?? NodeLocations[0], "Node.js");

    public static string DockerfileLinter => Require(Path.Combine(NodeTools, "node_modules", "dockerfile-utils", "bin", "dockerfile-utils"), "The Dockerfile linter (dockerfile-utils)");

    /// <summary>The folder of the scripts and lock file the setup step installs from.</summary>
    public static string Scripts => RepoPaths.Combine("tests", "ScoreExporter.Tests", "Deploy", "tools");

    private static string Require(string path, string what) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{what} is missing at {path}: {SetupHint}.");
}
