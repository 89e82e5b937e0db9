# Feedback web app (and the feedback worker/CLI, feedback.dll) in a container, CPU build.
#
#   docker build --platform linux/amd64 -t feedback .
#   docker run -p 8080:8080 -v feedback-data:/data \
#     -e ConnectionStrings__Feedback="Host=db;Database=feedback;Username=feedback;Password=..." \
#     -e Feedback__Admin__Password="..." feedback
#
# The image holds no PostgreSQL server: in a container ConnectionStrings__Feedback is required and must
# point at a PostgreSQL the container can reach. Migrations apply at start-up.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Feedback.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .

# Media, checkpoints and other files Feedback keeps; the database itself is external.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data

ENV ASPNETCORE_URLS=http://+:8080 \
    Feedback__DataDirectory=/data
# Required, set at run time: ConnectionStrings__Feedback="Host=...;Database=feedback;Username=...;Password=..."
# Optional: Feedback__Admin__Password (else the first start prints a generated one), Feedback__Jobs__RunServer=false.

EXPOSE 8080
# The non-root 'app' user of the .NET images.
USER $APP_UID
ENTRYPOINT ["dotnet", "Feedback.Web.dll"]
