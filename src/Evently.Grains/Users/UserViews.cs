using Evently.Contracts.Users;
using Evently.Domain.Users;

namespace Evently.Grains.Users;

/// <summary>A directory user as the grains and the API show it.</summary>
public static class UserViews
{
    /// <summary>The wire record of <paramref name="user"/>.</summary>
    public static UserView ToView(this User user) =>
        new(user.Id, user.Email, user.Name, user.Role, user.IsActive, user.Version, user.CreatedAt, user.UpdatedAt);
}
