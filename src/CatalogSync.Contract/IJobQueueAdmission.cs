namespace CatalogSync.Contract;

/// <summary>
/// A catalog whose job queue is bounded (the embedded catalog's is): an HTTP host asks it for room before it receives an
/// upload, so that an upload the queue cannot take is refused before any of it is read or written to disk.
/// </summary>
/// <remarks>
/// The room is held while the upload arrives, so that uploads under way together never exceed the queue's limit. The host
/// gives it back (disposes the reservation) just before it starts the job, whose own start takes room again and may
/// still refuse it when another request took the room in between.
/// </remarks>
public interface IJobQueueAdmission
{
    /// <summary>Takes room in the queue for one job whose input is <paramref name="inputBytes"/> long (0 while not known).</summary>
    /// <param name="inputBytes">The upload's size as far as it is known, e.g. the request's Content-Length.</param>
    /// <returns>The room taken, held until the reservation is disposed.</returns>
    /// <exception cref="CatalogApiException">The queue has no room for it (503, <c>queueFull</c>).</exception>
    IJobQueueReservation ReserveUpload(long inputBytes);
}

/// <summary>Room in a job queue held for an upload while it arrives (<see cref="IJobQueueAdmission.ReserveUpload"/>); disposing gives it back.</summary>
public interface IJobQueueReservation : IDisposable
{
    /// <summary>Counts <paramref name="bytes"/> more of the upload, before they are written (for a body whose length was not known).</summary>
    /// <exception cref="CatalogApiException">The queue has no room for them (503, <c>queueFull</c>); the reservation still holds what it had.</exception>
    void Add(long bytes);
}
