using Evently.Domain.Users;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Users;

/// <summary>The <c>users</c> table of the directory database. Emails arrive normalised; every update checks <c>version</c>.</summary>
public sealed class UserStore(ShardDataSources databases)
{
    private const string Columns = "id, email, name, role, is_active, version, created_at, updated_at, password_hash";
    private const string UniqueViolation = "23505";

    /// <summary>Inserts <paramref name="user"/>; null when the email is taken (or <c>ON CONFLICT</c> skipped it).</summary>
    public async Task<User?> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"""
            INSERT INTO users (id, email, name, password_hash, role) VALUES (@id, @email, @name, @hash, @role)
            ON CONFLICT (email) DO NOTHING
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", user.Id);
        command.Parameters.AddWithValue("email", user.Email);
        command.Parameters.AddWithValue("name", user.Name);
        command.Parameters.AddWithValue("hash", user.PasswordHash);
        command.Parameters.AddWithValue("role", user.Role);
        try
        {
            return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))?.User;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return null;
        }
    }

    /// <summary>The user with this normalised email, with the password hash.</summary>
    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"SELECT {Columns} FROM users WHERE email = @email");
        command.Parameters.AddWithValue("email", email);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user with this id.</summary>
    public async Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"SELECT {Columns} FROM users WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))?.User;
    }

    /// <summary>Users whose email contains <paramref name="emailContains"/> (all when null), by email.</summary>
    public async Task<Paged<User>> SearchAsync(string? emailContains, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"""
            SELECT {Columns}, count(*) OVER () FROM users
            WHERE @pattern::text IS NULL OR email LIKE @pattern ESCAPE '\'
            ORDER BY email LIMIT @limit OFFSET @offset
            """);
        command.Parameters.AddWithValue("pattern", NpgsqlTypes.NpgsqlDbType.Text, emailContains is null ? DBNull.Value : $"%{EscapeLike(emailContains)}%");
        command.Parameters.AddWithValue("limit", pageSize);
        command.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
        var items = new List<User>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(Read(reader).User);
            total = reader.GetInt64(9);
        }

        if (items.Count == 0 && page > 1)
        {
            // Past the last page the window count is not there; count separately.
            await reader.DisposeAsync().ConfigureAwait(false);
            await using var count = databases.Directory.CreateCommand("SELECT count(*) FROM users WHERE @pattern::text IS NULL OR email LIKE @pattern ESCAPE '\\'");
            count.Parameters.AddWithValue("pattern", NpgsqlTypes.NpgsqlDbType.Text, emailContains is null ? DBNull.Value : $"%{EscapeLike(emailContains)}%");
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        return new Paged<User>(items, page, pageSize, total);
    }

    /// <summary>
    /// Sets role and/or active flag when the row is still at <paramref name="expectedVersion"/>, bumping the version;
    /// null when the row is gone or moved on.
    /// </summary>
    public async Task<User?> UpdateAsync(Guid id, int expectedVersion, string? role, bool? isActive, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"""
            UPDATE users SET role = coalesce(@role, role), is_active = coalesce(@active, is_active),
                             version = version + 1, updated_at = now()
            WHERE id = @id AND version = @version
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("version", expectedVersion);
        command.Parameters.AddWithValue("role", NpgsqlTypes.NpgsqlDbType.Varchar, (object?)role ?? DBNull.Value);
        command.Parameters.AddWithValue("active", NpgsqlTypes.NpgsqlDbType.Boolean, (object?)isActive ?? DBNull.Value);
        return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))?.User;
    }

    /// <summary>Replaces the password hash and bumps the version, so tokens issued under the old password stop working.</summary>
    public async Task<User?> ResetPasswordAsync(Guid id, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"""
            UPDATE users SET password_hash = @hash, version = version + 1, updated_at = now()
            WHERE id = @id
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("hash", passwordHash);
        return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))?.User;
    }

    /// <summary>Bumps the version only, so every token issued so far stops working (sign out everywhere).</summary>
    public async Task<User?> RevokeTokensAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand($"""
            UPDATE users SET version = version + 1, updated_at = now()
            WHERE id = @id
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        return (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false))?.User;
    }

    /// <summary>
    /// Replaces a weaker hash of the same password by <paramref name="newHash"/>, only while the row still holds
    /// <paramref name="oldHash"/> (a password changed meanwhile wins). The version stays: the password is the same, so no
    /// token is revoked. False when the row moved on.
    /// </summary>
    public async Task<bool> UpgradePasswordHashAsync(Guid id, string oldHash, string newHash, CancellationToken cancellationToken = default)
    {
        await using var command = databases.Directory.CreateCommand("UPDATE users SET password_hash = @new WHERE id = @id AND password_hash = @old");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("old", oldHash);
        command.Parameters.AddWithValue("new", newHash);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<UserRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static UserRecord Read(NpgsqlDataReader reader) => new(
        new User(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetInt32(5),
            reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)),
        reader.GetString(8));

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
