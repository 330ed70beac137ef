using Microsoft.Extensions.Options;

namespace ScoreExporter.Configuration;

/// <summary>Checks the data annotations on <see cref="DefenderOptions"/> without reflection.</summary>
[OptionsValidator]
public sealed partial class DefenderOptionsAttributesValidator : IValidateOptions<DefenderOptions>;
