using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evently.Persistence.Options;

/// <summary>Binding and checking <see cref="IEventlyOptions"/>: once per process, however many hosts' wiring asks for them.</summary>
public static class EventlyOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to its section and validates it at start. A front end hosting a silo registers
    /// the silo's options too: the second call adds nothing.
    /// </summary>
    public static OptionsBuilder<T> AddEventlyOptions<T>(this IServiceCollection services) where T : class, IEventlyOptions
    {
        var builder = services.AddOptions<T>();
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<T>) && d.ImplementationType == typeof(EventlyOptionsValidator<T>)))
        {
            return builder;
        }

        services.AddSingleton<IValidateOptions<T>, EventlyOptionsValidator<T>>();
        return builder.BindConfiguration(T.Section).ValidateOnStart();
    }

    /// <summary>
    /// Reads <typeparamref name="T"/> now, for settings needed before the host is built; throws
    /// <see cref="InvalidOperationException"/> with the problems' messages when they cannot be used.
    /// </summary>
    public static T GetEventlyOptions<T>(this IConfiguration configuration) where T : class, IEventlyOptions, new() =>
        Checked(configuration.GetSection(T.Section).Get<T>() ?? new T());

    /// <summary>Returns <paramref name="options"/>, or throws <see cref="InvalidOperationException"/> with their problems.</summary>
    public static T Checked<T>(T options) where T : class, IEventlyOptions
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? options : throw new InvalidOperationException(string.Join(" ", problems));
    }
}
