using Microsoft.Extensions.Options;

namespace Evently.Api.Http;

/// <summary>Response security headers, HSTS/HTTPS redirection when configured, and a request body limit that answers 413.</summary>
public static class HttpHardening
{
    /// <summary>Adds the middleware. <see cref="EventlyHttpOptions.RequireHttps"/> turns on HTTPS redirection and HSTS.</summary>
    public static void UseEventlyHardening(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<IOptions<EventlyHttpOptions>>().Value;
        if (http.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        var limit = http.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!context.Request.Path.StartsWithSegments("/dashboard") && !context.Request.Path.StartsWithSegments("/docs") && !context.Request.Path.StartsWithSegments("/dashboard-login"))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            // Kestrel enforces the limit on streamed bodies too; this answers declared oversize bodies up front, on any server.
            // A seating plan may be larger (its endpoint raises the server's limit for itself); anything else keeps the limit.
            var allowed = HttpMethods.IsPut(context.Request.Method) && context.Request.Path.Value?.EndsWith("/seating-plan", StringComparison.Ordinal) == true
                ? Seating.SeatingApi.MaxPlanBytes
                : limit;
            if (context.Request.ContentLength > allowed)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Problems.Create(413, ErrorCodes.PayloadTooLarge, $"The request body exceeds {allowed} bytes.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
