using System.Security.Cryptography;
using Evently.Persistence.Sharding;
using NpgsqlTypes;

namespace Evently.Persistence.Users;

/// <summary>
/// The <c>user_webhook_secrets</c> table of the directory database: each user's webhook signing secret, created on first
/// use (by the user asking for it or by the first delivery to them), and the secret a rotation replaced with its time.
/// </summary>
public sealed class WebhookSecretStore(ShardDataSources databases)
{
    /// <summary>A new Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The user's current secret, created now if there is none; null when the user does not exist.</summary>
    public async Task<string?> GetOrCreateAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var secrets = await ForUsersAsync([userId], cancellationToken).ConfigureAwait(false);
        return secrets.TryGetValue(userId, out var found) ? found.Current : null;
    }

    /// <summary>Replaces the user's secret with a new one (the old one is kept as the previous); null when the user does not exist.</summary>
    public async Task<string?> RotateAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        // A first rotation without any secret before just creates one: there is nothing for receivers to move from.
        await using var command = databases.Directory.CreateCommand("""
            INSERT INTO user_webhook_secrets (user_id, secret)
            SELECT id, @secret FROM users WHERE id = @id
            ON CONFLICT (user_id) DO UPDATE
                SET previous_secret = user_webhook_secrets.secret, rotated_at = now(), secret = EXCLUDED.secret
            RETURNING secret
            """);
        command.Parameters.AddWithValue("id", userId);
        command.Parameters.AddWithValue("secret", NewSecret());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>
    /// The secrets of <paramref name="userIds"/> in one round trip per step, creating the missing ones; users that do not
    /// exist (any more) are absent from the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, UserWebhookSecrets>> ForUsersAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<Guid, UserWebhookSecrets>();
        }

        // Inserting first (ignoring users who already have one) lets concurrent callers agree on a single secret.
        await using (var create = databases.Directory.CreateCommand("""
            INSERT INTO user_webhook_secrets (user_id, secret)
            SELECT u.id, s.secret FROM unnest(@ids, @secrets) AS s(id, secret) JOIN users u ON u.id = s.id
            ON CONFLICT (user_id) DO NOTHING
            """))
        {
            create.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids);
            create.Parameters.AddWithValue("secrets", NpgsqlDbType.Array | NpgsqlDbType.Text, ids.Select(_ => NewSecret()).ToArray());
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var read = databases.Directory.CreateCommand(
            "SELECT user_id, secret, previous_secret, rotated_at FROM user_webhook_secrets WHERE user_id = ANY (@ids)");
        read.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids);
        var found = new Dictionary<Guid, UserWebhookSecrets>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found[reader.GetGuid(0)] = new UserWebhookSecrets(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
        }

        return found;
    }
}
